package dev.trawl.bench;

import dev.trawl.jobs.cli.Trawl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/** Crawls a benchmark runs in this JVM, in local mode, and what they leave on disk. */
final class LocalCrawls {
  private LocalCrawls() {}

  /**
   * {@code trawl crawl} of {@code root} from {@code seeds}, depth 1, loopback allowed, with the given
   * settings and arguments. The bench's classpath has no Parquet runtime: the manifest's Parquet copy,
   * which no benchmark here measures, is off.
   */
  static void crawl(Path root, Path seeds, Map<String, String> settings, String... more) throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("trawl.manifest.parquet", "false");
    settings.forEach(conf::set);
    List<String> args = new ArrayList<>(List.of("crawl", "--crawl", root.toUri().toString(), "--seeds", seeds.toString(),
        "--depth", "1", "--allow-private", "127.0.0.0/8"));
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = ToolRunner.run(conf, new Trawl(new PrintStream(out, true, StandardCharsets.UTF_8)), args.toArray(String[]::new));
    if (exit != 0) {
      throw new IllegalStateException("trawl " + String.join(" ", args) + " failed:\n" + out.toString(StandardCharsets.UTF_8));
    }
  }

  /** Bytes of the files under a folder, checksum files left out; 0 if there is none. */
  static long bytes(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
          .mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    return s.get((s.size() - 1) / 2);
  }
}
