package dev.trawl.jartest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code hadoop jar trawl-job.jar <command>} as a cluster's edge node runs it: Hadoop's RunJar in a
 * JVM of its own, with Hadoop's client configuration folder (if any) and Hadoop's own jars first on
 * the classpath, and the shaded job jar after them.
 */
final class HadoopJar {
  /** What a command printed and its exit code. */
  record Run(int exit, String output) {}

  private final Path workDir;
  private final Path confDir;

  /** @param confDir Hadoop's configuration folder (HADOOP_CONF_DIR), or null for Hadoop's defaults (local mode) */
  HadoopJar(Path workDir, Path confDir) {
    this.workDir = workDir;
    this.confDir = confDir;
  }

  /** Hadoop's own jars, as the build resolved them (hadoop-client and the MapReduce application master). */
  static List<String> hadoopClasspath() throws IOException {
    return List.of(Files.readString(Path.of(System.getProperty("hadoop.classpath.file"))).strip().split(File.pathSeparator));
  }

  static Path jobJar() {
    Path jar = Path.of(System.getProperty("trawl.job.jar"));
    assertTrue(Files.isRegularFile(jar), jar + " is missing: it is built by `mvn package` in jobs/");
    return jar;
  }

  Run run(String... args) throws Exception {
    List<String> classpath = new ArrayList<>();
    if (confDir != null) {
      classpath.add(confDir.toString());
    }
    classpath.addAll(hadoopClasspath());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-Djava.io.tmpdir=" + workDir, "-cp", String.join(File.pathSeparator, classpath),
        "org.apache.hadoop.util.RunJar", jobJar().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(workDir.toFile()).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "hadoop jar did not finish");
    System.out.print(output);
    return new Run(p.exitValue(), output);
  }
}
