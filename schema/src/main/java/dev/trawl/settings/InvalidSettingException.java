package dev.trawl.settings;

import org.apache.hadoop.conf.Configuration;

/** A setting whose value cannot be used; the message names the key, the value and what is allowed. */
public class InvalidSettingException extends IllegalArgumentException {
  private final Setting setting;

  public InvalidSettingException(Setting setting, String value, String allowed) {
    this(setting, "setting " + setting.key() + " = '" + value + "' is not valid: " + allowed);
  }

  private InvalidSettingException(Setting setting, String message) {
    super(message);
    this.setting = setting;
  }

  public Setting setting() { return setting; }

  /**
   * The same error, saying where {@code conf} took the value from as a user would recognise it: the
   * flag, -D or -conf file that set it (Hadoop records a source per key), or crawl.json. Itself when
   * the value was set in code.
   */
  public InvalidSettingException in(Configuration conf) {
    String[] sources = conf.getPropertySources(setting.key());
    if (sources == null || sources.length == 0) {
      return this;
    }
    String last = sources[sources.length - 1];
    String source = switch (last) {
      case "programmatically" -> null;
      case "from command line" -> "-D on the command line";
      default -> last.startsWith("--") || last.equals("crawl.json") ? last : "-conf " + last;
    };
    return source == null ? this : new InvalidSettingException(setting, getMessage() + " (from " + source + ")");
  }
}
