package dev.trawl.jobs.emr;

import dev.trawl.round.RoundSummary;
import dev.trawl.round.CrawlLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The finished rounds of a crawl on S3, read with the S3 client from where the commands run (a
 * laptop has no Hadoop configuration for S3): {@code rounds/NNNN.json}, which a round writes last.
 */
public final class CrawlSummaries {
  private final S3Client s3;
  private final S3Location crawl;

  public CrawlSummaries(S3Client s3, S3Location crawl) {
    this.s3 = s3;
    this.crawl = crawl;
  }

  /** Finished round numbers, ascending. */
  public List<Integer> finishedRounds() {
    List<Integer> rounds = new ArrayList<>();
    String prefix = crawl.resolve(CrawlLayout.SUMMARIES + "/").key();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(crawl.bucket()).prefix(prefix)).contents()) {
      String name = o.key().substring(prefix.length());
      if (!name.contains("/")) {
        CrawlLayout.summaryRound(name).ifPresent(rounds::add);
      }
    }
    rounds.sort(null);
    return rounds;
  }

  public int lastFinishedRound() {
    List<Integer> rounds = finishedRounds();
    return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1);
  }

  public RoundSummary summary(int round) throws IOException {
    S3Location file = crawl.resolve(CrawlLayout.summaryName(round));
    return RoundSummary.read(s3.getObjectAsBytes(b -> b.bucket(file.bucket()).key(file.key())).asInputStream());
  }
}
