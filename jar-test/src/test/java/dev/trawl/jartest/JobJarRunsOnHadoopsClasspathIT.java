package dev.trawl.jartest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What EMR does with a step: {@code hadoop jar trawl-job.jar <command>}, that is Hadoop's RunJar
 * with Hadoop's own classpath (its older avro and jackson) first and the job jar after it. The
 * shaded jar must inject and complete a round that way, in Hadoop's local mode.
 */
class JobJarRunsOnHadoopsClasspathIT {
  @TempDir
  Path tmp;

  private HadoopJar.Run hadoopJar(String... args) throws Exception {
    return new HadoopJar(tmp, null).run(args);
  }

  @Test
  void theShadedJarInjectsAndCompletesARound() throws Exception {
    assertTrue(Files.readString(Path.of(System.getProperty("hadoop.classpath.file"))).contains("jackson-databind-2.12"),
        "the classpath is Hadoop 3.4.1's own, with its jackson 2.12");
    try (LoopbackSite site = LoopbackSite.start(2, 10, 7)) {
      Path seeds = tmp.resolve("seeds.txt");
      Files.writeString(seeds, String.join("\n", site.graph().homePages()) + "\n");
      String crawl = tmp.resolve("crawl").toUri().toString();

      HadoopJar.Run inject = hadoopJar("inject", "--crawl", crawl, "--seeds", seeds.toString());
      assertEquals(0, inject.exit(), inject.output());
      HadoopJar.Run round = hadoopJar("-D", "mapreduce.framework.name=local", "round", "--crawl", crawl,
          "--delay", "0.05", "--allow-private", "127.0.0.0/8");
      assertEquals(0, round.exit(), round.output());
      assertTrue(round.output().contains("round 1: 2 URLs"), round.output());
      assertTrue(site.requests().size() >= 4, "robots.txt and a home page per host: " + site.requests());

      Path root = tmp.resolve("crawl");
      String summary = Files.readString(root.resolve("rounds/0001.json"));
      Matcher fetched = Pattern.compile("\"status\"\\s*:\\s*\\{\\s*\"fetched\"\\s*:\\s*(\\d+)").matcher(summary);
      assertTrue(fetched.find() && Integer.parseInt(fetched.group(1)) == 2, summary);
      for (String folder : List.of("crawldb/round=0001", "manifest/round=0001", "warc/round=0001", "logs/round=0001", "frontier/round=0002",
          "manifest-parquet/round=0001")) {
        assertTrue(Files.exists(root.resolve(folder).resolve("_SUCCESS")), folder);
      }

      // Avro container files in the manifest; the WARC files are gzip members of WARC/1.1.
      // Which reducers write manifest files depends on how the pages' digests partition: count them all.
      List<Path> manifestFiles;
      try (Stream<Path> files = Files.list(root.resolve("manifest/round=0001"))) {
        manifestFiles = files.filter(p -> p.toString().endsWith(".avro")).toList();
      }
      assertFalse(manifestFiles.isEmpty(), "the manifest has files");
      for (Path p : manifestFiles) {
        byte[] head = Files.readAllBytes(p);
        assertTrue(head.length > 4 && head[0] == 'O' && head[1] == 'b' && head[2] == 'j' && head[3] == 1, p + " is an Avro container");
      }
      // The Parquet copy, written by parquet-avro inside the shaded jar (its avro relocated, Snappy from Hadoop's classpath).
      List<Path> parquetFiles;
      try (Stream<Path> files = Files.list(root.resolve("manifest-parquet/round=0001"))) {
        parquetFiles = files.filter(p -> p.toString().endsWith(".parquet")).toList();
      }
      assertEquals(manifestFiles.size(), parquetFiles.size(), "a Parquet file beside each Avro file: " + parquetFiles);
      for (Path p : parquetFiles) {
        byte[] bytes = Files.readAllBytes(p);
        String magic = new String(bytes, 0, 4, StandardCharsets.US_ASCII) + new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII);
        assertEquals("PAR1PAR1", magic, p + " is a whole Parquet file");
      }
      byte[] warc = Files.readAllBytes(root.resolve("warc/round=0001/fetch-00000.warc.gz"));
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(warc))) {
        assertTrue(new String(in.readNBytes(8), StandardCharsets.US_ASCII).startsWith("WARC/1.1"));
      }
    }
  }
}
