-- Common Crawl index queries, as written for CC's columnar index (the `ccindex` table of
-- https://github.com/commoncrawl/cc-index-table), run on a trawl crawl through the view `trawl hive-ddl`
-- prints (trawl_manifest_ccindex, or NAME_ccindex): only the table's name and the crawl's value change,
-- crawl being the crawl root here. Each is checked against the manifest's Avro files on Hive
-- (hive/src/test) and on Spark (spark/src/test).

-- name: captures_per_host
-- How many pages each host has in the crawl (url_host_registered_domain groups a site's hosts; this
-- checking crawl's loopback hosts are addresses, which have none).
SELECT COUNT(*) AS n_captures, url_host_name
FROM ccindex
WHERE crawl = 'CC-MAIN-2024-33'
  AND subset = 'warc'
GROUP BY url_host_name
ORDER BY n_captures DESC, url_host_name;

-- name: html_records_to_fetch
-- Where each HTML page's WARC record lies, to fetch it by byte range, in SURT order.
SELECT url, warc_filename, warc_record_offset, warc_record_length
FROM ccindex
WHERE crawl = 'CC-MAIN-2024-33'
  AND subset = 'warc'
  AND fetch_status = 200
  AND content_mime_type = 'text/html'
  AND fetch_time > TIMESTAMP '2020-01-01 00:00:00'
ORDER BY url_surtkey, fetch_time, warc_filename;

-- name: captures_per_subset_and_status
-- What the crawl got: captures (subset warc) and the rest (crawldiagnostics: redirects, 4xx, 5xx).
SELECT subset, fetch_status, COUNT(*) AS n
FROM ccindex
WHERE crawl = 'CC-MAIN-2024-33'
GROUP BY subset, fetch_status
ORDER BY subset, fetch_status;
