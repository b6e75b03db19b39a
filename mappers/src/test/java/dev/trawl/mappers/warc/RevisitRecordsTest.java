package dev.trawl.mappers.warc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.mappers.TestSettings;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.refetch.ConditionalHeaders;
import dev.trawl.schema.LastCapture;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

/**
 * A page captured, then refetched twice: once conditionally (the server answers 304) and once plainly
 * (the same bytes again). Both refetches are revisit records that jwarc's validator accepts and that
 * name the original capture by record id, target URI and date, as Heritrix and Common Crawl write them.
 */
class RevisitRecordsTest {
  private static final String FILE = "warc/round=0002/fetch-00000.warc.gz";

  @TempDir
  Path tmp;

  @Test
  void notModifiedAndIdenticalPayloadRevisitsValidateAndReferToTheOriginal() throws Exception {
    Path file = tmp.resolve("fetch-00000.warc.gz");
    try (LoopbackSite site = LoopbackSite.start(1, 6, 5);
         HttpFetcher fetcher = new HttpFetcher(TestSettings.of("trawl.fetch.allow-private", TestSettings.LOOPBACK))) {
      String url = site.graph().url(0, "/page/3");
      WarcOutput.Pointer original;
      WarcOutput.Pointer notModified;
      WarcOutput.Pointer identical;
      HttpFetcher.Response first = fetcher.get(url);
      try (OutputStream out = Files.newOutputStream(file); WarcOutput warc = new WarcOutput(out, FILE, Map.of())) {
        original = warc.write(first);
        LastCapture capture = LastCapture.newBuilder().setFetchTime(first.start().toEpochMilli()).setRound(1)
            .setDigest(original.payloadDigest()).setLastModified(java.time.ZonedDateTime.parse(first.header("Last-Modified"),
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli())
            .setWarcRecordId(original.recordId()).build();
        Instant date = Instant.ofEpochMilli(capture.getFetchTime());
        try (HttpFetcher.Response again = fetcher.get(url, ConditionalHeaders.of(capture))) {
          assertEquals(304, again.status(), "the site honours If-Modified-Since");
          notModified = warc.writeRevisit(again, WarcRevisit.SERVER_NOT_MODIFIED_1_1, capture.getDigest(), capture.getWarcRecordId(), date);
        }
        try (HttpFetcher.Response same = fetcher.get(url)) {
          assertEquals(original.payloadDigest(), same.body().sha1());
          identical = warc.writeRevisit(same, WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1, capture.getDigest(), capture.getWarcRecordId(), date);
        }
        // A capture from before trawl kept record ids: the revisit still names the URI and the date.
        try (HttpFetcher.Response legacy = fetcher.get(url)) {
          warc.writeRevisit(legacy, WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1, capture.getDigest(), null, date);
        }
      }
      first.close();

      WarcValidator.Result v = WarcValidator.validate(file);
      assertTrue(v.valid(), v.output());

      WarcResponse response = assertInstanceOf(WarcResponse.class, recordAt(file, original.offset()));
      for (WarcOutput.Pointer p : List.of(notModified, identical)) {
        try (FileChannel ch = FileChannel.open(file)) {
          ch.position(p.offset());
          WarcReader reader = new WarcReader(ch);
          WarcRevisit revisit = assertInstanceOf(WarcRevisit.class, reader.next().orElseThrow());
          assertEquals(p == notModified ? WarcRevisit.SERVER_NOT_MODIFIED_1_1 : WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1, revisit.profile());
          assertEquals(Optional.of(response.id()), revisit.refersTo());
          assertEquals(Optional.of(URI.create(url)), revisit.refersToTargetURI());
          assertEquals(Optional.of(response.date()), revisit.refersToDate());
          assertEquals(Optional.of(new WarcDigest(original.payloadDigest())), revisit.payloadDigest());
          assertEquals(p == notModified ? 304 : 200, revisit.http().status());
          assertEquals("<" + revisit.id() + ">", p.recordId());
          WarcRequest request = assertInstanceOf(WarcRequest.class, reader.next().orElseThrow());
          assertEquals(List.of(revisit.id()), request.concurrentTo());
          if (p == notModified) {
            assertTrue(request.http().headers().first("If-Modified-Since").isPresent(), "the request record shows the validator sent");
          }
        }
      }
    }
  }

  private static org.netpreserve.jwarc.WarcRecord recordAt(Path file, long offset) throws Exception {
    try (FileChannel ch = FileChannel.open(file)) {
      ch.position(offset);
      return new WarcReader(ch).next().orElseThrow();
    }
  }
}
