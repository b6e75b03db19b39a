package dev.trawl.mappers;

import dev.trawl.settings.TrawlSettings;
import org.apache.hadoop.conf.Configuration;

/** Settings for tests: the defaults, with the given {@code key, value, key, value...} overrides. */
public final class TestSettings {
  /** Lets the fetcher reach the demo site and the scripted server, which live on loopback. */
  public static final String LOOPBACK = "127.0.0.0/8";

  private TestSettings() {}

  public static TrawlSettings of(String... keysAndValues) {
    return TrawlSettings.from(conf(keysAndValues));
  }

  public static Configuration conf(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Configuration conf = new Configuration(false);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      conf.set(keysAndValues[i], keysAndValues[i + 1]);
    }
    return conf;
  }
}
