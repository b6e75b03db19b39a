package dev.trawl.jobs.urls;

import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.schema.ManifestRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Every fetch attempt of one URL, from the finished rounds' manifests, oldest first (one record a round at most). */
public final class Attempts {
  /** One attempt and the round that made it. */
  public record Attempt(int round, ManifestRecord record) {}

  private Attempts() {}

  public static List<Attempt> of(CrawlRoot root, String url) throws IOException {
    List<Attempt> attempts = new ArrayList<>();
    for (int r : root.finishedRounds()) {
      ManifestRecord[] found = {null};
      AvroFiles.stream(root, root.manifest(r), ManifestRecord.class, m -> {
        if (url.equals(m.getUrl())) {
          found[0] = ManifestRecord.newBuilder(m).build();
          return false;
        }
        return true;
      });
      if (found[0] != null) {
        attempts.add(new Attempt(r, found[0]));
      }
    }
    return attempts;
  }
}
