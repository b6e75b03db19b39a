package dev.trawl.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: a trawl command in a JVM of its own, as a second terminal, a cron job or an EMR step
 * runs it: its own process id, killable with SIGKILL, in local mode. Its output goes to a log file.
 */
final class ChildTrawl {
  private final Process process;
  private final Path log;

  private ChildTrawl(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code trawl <command>} with Hadoop's local job runner and a temp folder under
   * {@code workDir}, plus {@code generic} options (-D key=value pairs, e.g. an S3 endpoint).
   */
  static ChildTrawl start(Path workDir, String logName, List<String> generic, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-Daws.disableEc2Metadata=true", "-cp", System.getProperty("java.class.path"),
        "dev.trawl.jobs.cli.Trawl", "-D", "mapreduce.framework.name=local", "-D", "fs.defaultFS=file:///",
        "-D", "hadoop.tmp.dir=" + workDir.resolve("hadoop-tmp-" + logName)));
    cmd.addAll(generic);
    cmd.addAll(List.of(command));
    Path log = workDir.resolve(logName + ".log");
    Files.createDirectories(workDir);
    return new ChildTrawl(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the command to end; its exit code. */
  int exit() throws InterruptedException {
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("trawl did not end within 5 minutes:\n" + output());
    }
    return process.exitValue();
  }

  /** SIGKILL on Linux: no shutdown hooks, no clean-up, no lease released. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no output)";
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }
}
