package dev.trawl.jobs.emr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * emr-bootstrap/crawl-node.sh run against a temporary root, with stand-ins for the system commands
 * it calls (sudo, systemctl, sysctl) that log their calls: what it writes, that a second run changes
 * nothing, and that a failing command stops it loudly. And every script there is shellcheck-clean.
 */
class BootstrapScriptTest {
  private static final Path SCRIPTS = Path.of("../emr-bootstrap");
  private static final Path SCRIPT = SCRIPTS.resolve("crawl-node.sh");

  @TempDir
  Path tmp;
  private Path root;
  private Path bin;
  private Path calls;

  /** What a run printed and its exit code. */
  record Run(int exit, String output) {}

  @BeforeEach
  void standIns() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    bin = Files.createDirectories(tmp.resolve("bin"));
    calls = tmp.resolve("calls.log");
    // sudo runs the command as is (the test is not root); the others only say they were called.
    standIn("sudo", "echo \"sudo $*\" >> \"$CALLS\"; exec \"$@\"");
    standIn("systemctl", "echo \"systemctl $*\" >> \"$CALLS\"");
    standIn("sysctl", "echo \"sysctl $*\" >> \"$CALLS\"");
  }

  private void standIn(String name, String body) throws IOException {
    Path f = bin.resolve(name);
    Files.writeString(f, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Run bootstrap(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("TRAWL_BOOTSTRAP_ROOT", root.toString());
    pb.environment().put("CALLS", calls.toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Run(p.exitValue(), output);
  }

  private List<String> calls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  @Test
  void preparesTheNodeForManySocketsAndShortDnsCaching() throws Exception {
    Run run = bootstrap("--nofile", "100000", "--dns-ttl", "120");
    assertEquals(0, run.exit(), run.output());

    assertEquals("# trawl: fetch tasks hold many sockets\n*  soft  nofile  100000\n*  hard  nofile  100000\n",
        Files.readString(root.resolve("etc/security/limits.d/90-trawl-nofile.conf")));
    assertEquals("[Service]\nLimitNOFILE=100000\n",
        Files.readString(root.resolve("etc/systemd/system/hadoop-yarn-nodemanager.service.d/90-trawl-nofile.conf")));
    String sysctl = Files.readString(root.resolve("etc/sysctl.d/90-trawl.conf"));
    assertTrue(sysctl.contains("net.ipv4.ip_local_port_range = 10240 65000") && sysctl.contains("net.ipv4.tcp_tw_reuse = 1"), sysctl);
    String security = Files.readString(root.resolve("etc/trawl/java.security"));
    assertTrue(security.contains("networkaddress.cache.ttl=120\n"), security);
    // The job's JVMs load that file: configurations.json points them at it.
    assertTrue(Files.readString(SCRIPTS.resolve("configurations.json")).contains("-Djava.security.properties=/etc/trawl/java.security"));

    List<String> calls = calls();
    assertTrue(calls.contains("sudo systemctl daemon-reload"), calls.toString());
    assertTrue(calls.contains("systemctl daemon-reload"), calls.toString());
    assertTrue(calls.contains("sysctl -p " + root + "/etc/sysctl.d/90-trawl.conf"), calls.toString());
    assertTrue(calls.stream().filter(c -> c.startsWith("sudo tee ")).count() >= 5, "system files written with sudo: " + calls);
    assertTrue(run.output().contains("trawl-bootstrap: wrote " + root + "/etc/trawl/java.security"), run.output());
    assertTrue(run.output().contains("trawl-bootstrap: node ready for crawling (nofile 100000, DNS TTL 120s)"), run.output());
  }

  @Test
  void aSecondRunChangesNothingAndReloadsNothing() throws Exception {
    assertEquals(0, bootstrap().exit());
    Map<String, String> first = files();
    Files.delete(calls);

    Run again = bootstrap();
    assertEquals(0, again.exit(), again.output());
    assertEquals(first, files());
    assertTrue(calls().isEmpty(), "nothing written, reloaded or applied: " + calls());
    assertFalse(again.output().contains("wrote"), again.output());
    assertTrue(again.output().contains("trawl-bootstrap: unchanged " + root + "/etc/sysctl.d/90-trawl.conf"), again.output());
  }

  @Test
  void aFailingCommandStopsItLoudly() throws Exception {
    standIn("sysctl", "echo 'sysctl: permission denied' >&2; exit 1");
    Run run = bootstrap();
    assertNotEquals(0, run.exit());
    assertTrue(run.output().contains("trawl-bootstrap: FAILED: line"), run.output());
    assertTrue(run.output().contains("sysctl -p"), run.output());
    assertFalse(run.output().contains("node ready"), run.output());
  }

  @Test
  void badOptionsAreNamed() throws Exception {
    Run run = bootstrap("--nofile", "lots");
    assertNotEquals(0, run.exit());
    assertTrue(run.output().contains("--nofile takes a whole number, not 'lots'"), run.output());
    run = bootstrap("--colour", "blue");
    assertTrue(run.output().contains("unknown option '--colour'"), run.output());
  }

  @Test
  void everyScriptIsShellcheckClean() throws Exception {
    List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=style"));
    try (Stream<Path> scripts = Files.list(SCRIPTS)) {
      scripts.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(p -> command.add(p.toString()));
    }
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException notInstalled) {
      throw new AssertionError("shellcheck is not installed: apt-get install shellcheck (.ci/run does)", notInstalled);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
  }

  private Map<String, String> files() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(f).toString(), Files.readString(f));
      }
    }
    return files;
  }
}
