package dev.trawl.mappers;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test hosts a test starts, each stopped when the test ends, passed or failed. Register it as
 * {@code @RegisterExtension final TestHosts hosts = new TestHosts();} and start hosts with
 * {@code hosts.start("127.0.0.2")}.
 */
public final class TestHosts implements AfterEachCallback {
  private final List<TestHost> started = new ArrayList<>();

  /** A test host on {@code ip} (in 127.0.0.0/8), stopped after the test. */
  public TestHost start(String ip) throws Exception {
    TestHost h = TestHost.start(ip);
    started.add(h);
    return h;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(TestHost::close);
    started.clear();
  }
}
