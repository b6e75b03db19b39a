-- Example queries over the trawl manifest (create the table with `trawl hive-ddl --crawl URI`).
-- Plain SQL that Hive 3.1 (EMR), Hive 4, Spark SQL and Athena all run, over the Avro table or the
-- Parquet copy's (`trawl hive-ddl --format parquet`; replace trawl_manifest by its name). Each query
-- is checked against the manifest's Avro files on Hive (hive/src/test) and on Spark (spark/src/test).
-- `round` is the folder's own value, a string: filter with e.g. WHERE `round` = '0002'.

-- name: status_per_round
-- What each round got: fetch outcomes per round.
SELECT `round`, status, COUNT(*) AS captures
FROM trawl_manifest
GROUP BY `round`, status
ORDER BY `round`, status;

-- name: pages_and_bytes_per_host
-- Valid content per site: pages fetched and body bytes, biggest sites first.
SELECT host, COUNT(*) AS pages, SUM(content_length) AS bytes
FROM trawl_manifest
WHERE status = 'fetched'
GROUP BY host
ORDER BY pages DESC, host;

-- name: hosts_with_most_failures
-- Where it went wrong, and how: HTTP errors, timeouts, connection errors, refused addresses.
SELECT host, COUNT(*) AS failures,
       SUM(CASE WHEN status = 'http_error' THEN 1 ELSE 0 END) AS http_errors,
       SUM(CASE WHEN status IN ('timeout', 'error') THEN 1 ELSE 0 END) AS network_errors
FROM trawl_manifest
WHERE status IN ('http_error', 'timeout', 'error', 'blocked_address')
GROUP BY host
ORDER BY failures DESC, host
LIMIT 20;

-- name: pages_per_item
-- Pages per item, the item read from the URL with regexp_extract (here /page/N; for a forum,
-- e.g. '^/forum/thread/([0-9]+)' gives the thread id). Query variants of a page count as the same item.
SELECT regexp_extract(url_path, '^/page/([0-9]+)', 1) AS item,
       COUNT(*) AS captures, COUNT(DISTINCT url) AS urls
FROM trawl_manifest
WHERE status = 'fetched' AND url_path RLIKE '^/page/[0-9]+'
GROUP BY regexp_extract(url_path, '^/page/([0-9]+)', 1)
ORDER BY captures DESC, item;

-- name: duplicates
-- The same body under other URLs: each canonical capture and how many duplicates it has.
SELECT duplicate_of AS canonical_url, COUNT(*) AS duplicates, MIN(`round`) AS first_round
FROM trawl_manifest
WHERE duplicate_of IS NOT NULL
GROUP BY duplicate_of
ORDER BY duplicates DESC, canonical_url;

-- name: throughput_per_minute
-- Requests and bytes per minute of fetching (UTC), to see how fast each round went.
SELECT `round`, from_unixtime(CAST(floor(fetch_time / 60000) * 60 AS BIGINT)) AS minute,
       COUNT(*) AS requests, SUM(content_length) AS bytes
FROM trawl_manifest
WHERE http_status IS NOT NULL
GROUP BY `round`, from_unixtime(CAST(floor(fetch_time / 60000) * 60 AS BIGINT))
ORDER BY `round`, minute;

-- name: what_changed_since_round
-- What changed since round N (here '0001'; on a re-crawled site, the round of the last full look):
-- every page first seen, changed or gone after it, and the last round that saw it so.
SELECT url, change, MAX(`round`) AS last_round
FROM trawl_manifest
WHERE `round` > '0001' AND change IN ('new', 'changed', 'gone')
GROUP BY url, change
ORDER BY url, change;

-- name: pages_that_changed_most_often
-- Pages that changed most often: refetches that found another body, beside all refetches of the
-- page (304s and same-body answers count as unchanged) and all its captures.
SELECT url, SUM(CASE WHEN change = 'changed' THEN 1 ELSE 0 END) AS changes,
       SUM(CASE WHEN change IN ('changed', 'unchanged') THEN 1 ELSE 0 END) AS refetches,
       COUNT(*) AS captures
FROM trawl_manifest
WHERE change IS NOT NULL
GROUP BY url
ORDER BY changes DESC, refetches DESC, url
LIMIT 20;
