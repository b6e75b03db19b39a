package dev.trawl.mappers.warc;

import dev.trawl.mappers.http.HttpFetcher;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

/**
 * A fetch task's WARC 1.1 file: a warcinfo record, then a response and a request record per
 * exchange, each gzip-compressed on its own so one record can be read back by offset and length.
 * The task's WET file is one too, of conversion records ({@link #writeConversion}).
 * Records go straight to the output stream; nothing is held beyond the exchange being written.
 */
public final class WarcOutput implements Closeable {
  private static final MediaType TEXT_UTF8 = MediaType.parse("text/plain;charset=utf-8");
  private final WritableByteChannel channel;
  private final WarcWriter writer;
  private final String fileName;
  /** A write failed part-way: the gzip stream is broken, and finishing it would fail too. */
  private boolean broken;

  /** Where a response record lies: the manifest's warc_file, warc_offset, warc_length. */
  public record Pointer(String file, long offset, long length, String payloadDigest, String recordId) {}

  /**
   * @param fileName the file's path relative to the crawl root, recorded in every pointer
   * @param info warcinfo fields (software, operator, settings worth keeping with the data)
   */
  public WarcOutput(OutputStream out, String fileName, Map<String, List<String>> info) throws IOException {
    this.channel = Channels.newChannel(out);
    this.writer = new WarcWriter(channel, WarcCompression.GZIP);
    this.fileName = fileName;
    writer.write(new Warcinfo.Builder().version(MessageVersion.WARC_1_1).filename(fileName.substring(fileName.lastIndexOf('/') + 1)).fields(info).build());
  }

  /** Writes the response and its request; returns where the response record is. */
  public Pointer write(HttpFetcher.Response r) throws IOException {
    HttpResponse.Builder http = httpHeaders(r);
    http.body(null, r.body().channel(), r.body().length());
    String digest = r.body().sha1();
    HttpResponse httpResponse = http.build();
    WarcResponse.Builder response = new WarcResponse.Builder(r.uri())
        .version(MessageVersion.WARC_1_1)
        .date(date(r))
        .body(httpResponse)
        .blockDigest(new WarcDigest(r.body().sha1After(httpResponse.serializeHeader())))
        .payloadDigest(new WarcDigest(digest));
    if (r.address() != null) {
      response.ipAddress(r.address());
    }
    if (r.truncated()) {
      response.truncated(WarcTruncationReason.LENGTH);
    }
    WarcResponse responseRecord = response.build();
    return writeWithRequest(r, responseRecord, digest);
  }

  /**
   * Writes a revisit record and its request instead of a response: the HTTP status line and headers
   * only, pointing at the capture it repeats (WARC 1.1 section 6.7). {@code profile} is
   * {@link WarcRevisit#SERVER_NOT_MODIFIED_1_1} for a 304 or {@link WarcRevisit#IDENTICAL_PAYLOAD_DIGEST_1_1}
   * for a 200 whose body digest is {@code payloadDigest}, the original's. The original's record id is
   * named when known (WARC-Refers-To); its URI and date always are.
   */
  public Pointer writeRevisit(HttpFetcher.Response r, URI profile, String payloadDigest, String refersToId,
                              Instant refersToDate) throws IOException {
    HttpResponse httpResponse = httpHeaders(r).body(null, new byte[0]).build();
    WarcRevisit.Builder revisit = new WarcRevisit.Builder(r.uri(), profile)
        .version(MessageVersion.WARC_1_1)
        .date(date(r))
        .body(httpResponse)
        .blockDigest(new WarcDigest(sha1(httpResponse.serializeHeader())));
    if (payloadDigest != null) {
      revisit.payloadDigest(new WarcDigest(payloadDigest));
    }
    if (refersToId != null) {
      revisit.refersTo(URI.create(refersToId.replaceAll("^<|>$", "")), r.uri().toString(), refersToDate);
    } else {
      revisit.addHeader("WARC-Refers-To-Target-URI", r.uri().toString())
          .addHeader("WARC-Refers-To-Date", refersToDate.toString());
    }
    if (r.address() != null) {
      revisit.ipAddress(r.address());
    }
    return writeWithRequest(r, revisit.build(), payloadDigest);
  }

  /**
   * The record's WARC-Date: the request's start to the millisecond, as the manifest's fetch_time and
   * the crawl db keep it, so a later revisit's WARC-Refers-To-Date names the original's date exactly.
   */
  private static Instant date(HttpFetcher.Response r) {
    return r.start().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** The response's status line and headers as the WARC keeps them. */
  private static HttpResponse.Builder httpHeaders(HttpFetcher.Response r) {
    HttpResponse.Builder http = new HttpResponse.Builder(r.status(), r.reason() == null ? "" : r.reason());
    for (Map.Entry<String, String> h : r.headers()) {
      String name = h.getKey();
      if (name.equalsIgnoreCase("Transfer-Encoding")) {
        // The client removed the chunking; keep the fact without making the record unparsable.
        http.addHeader("X-Crawler-Transfer-Encoding", h.getValue());
      } else if (name.equalsIgnoreCase("Content-Length")) {
        if (r.truncated()) {
          http.addHeader("X-Crawler-Content-Length", h.getValue());
        }
      } else {
        http.addHeader(name, h.getValue());
      }
    }
    return http;
  }

  private Pointer writeWithRequest(HttpFetcher.Response r, WarcCaptureRecord captureRecord, String digest) throws IOException {
    HttpRequest.Builder requestHttp = new HttpRequest.Builder("GET", r.requestTarget());
    for (Map.Entry<String, String> h : r.requestHeaders()) {
      requestHttp.addHeader(h.getKey(), h.getValue());
    }
    if (r.requestHeaders().stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Host"))) {
      requestHttp.addHeader("Host", URI.create(r.uri().toString()).getRawAuthority());
    }
    HttpRequest httpRequest = requestHttp.build();
    WarcRequest requestRecord = new WarcRequest.Builder(r.uri())
        .version(MessageVersion.WARC_1_1)
        .date(date(r))
        .body(httpRequest)
        .blockDigest(new WarcDigest(sha1(httpRequest.serializeHeader())))
        .concurrentTo(captureRecord.id())
        .build();

    return writeRecords(digest, captureRecord, requestRecord);
  }

  /**
   * Writes a WET-style conversion record (as Common Crawl's WET files hold them): a page's main text
   * as UTF-8 plain text, naming the record it was read from (WARC-Refers-To) and the languages
   * detected in it (WARC-Identified-Content-Language, ISO 639-3, most likely first).
   */
  public Pointer writeConversion(URI target, Instant date, String refersToId, String text, List<String> languages)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    WarcConversion.Builder conversion = new WarcConversion.Builder()
        .version(MessageVersion.WARC_1_1)
        .date(date.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
        .setHeader("WARC-Target-URI", target.toString())
        .refersTo(URI.create(refersToId.replaceAll("^<|>$", "")))
        .body(TEXT_UTF8, bytes)
        .blockDigest(new WarcDigest(sha1(bytes)));
    if (!languages.isEmpty()) {
      conversion.addHeader("WARC-Identified-Content-Language", String.join(",", languages));
    }
    return writeRecords(null, conversion.build());
  }

  /** Writes the records one after another; returns where the first is. */
  private Pointer writeRecords(String digest, WarcRecord first, WarcRecord... rest) throws IOException {
    synchronized (writer) {
      if (broken) {
        throw new IOException("an earlier write to " + fileName + " failed");
      }
      try {
        long offset = writer.position();
        writer.write(first);
        long length = writer.position() - offset;
        for (WarcRecord r : rest) {
          writer.write(r);
        }
        return new Pointer(fileName, offset, length, digest, "<" + first.id() + ">");
      } catch (IOException | RuntimeException e) {
        broken = true;
        throw e instanceof IOException io ? io : new IOException(e);
      }
    }
  }

  /** {@code sha1:BASE32} of the parts in order, the form WARC digests and the manifest's digest use. */
  static String sha1(byte[]... parts) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      for (byte[] part : parts) {
        sha1.update(part);
      }
      return new WarcDigest(sha1).prefixedBase32();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-1", e);
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (writer) {
      if (broken) {
        // The attempt has failed and its files will be thrown away: release the stream, nothing more.
        channel.close();
      } else {
        writer.close();
      }
    }
  }
}
