package dev.trawl.jobs.options;

import dev.trawl.settings.Setting;

/**
 * One option of a command, as the parser takes it and its help shows it.
 *
 * @param value the form of its value as help names it ({@code N}, {@code FILE}); null for a flag
 * @param fallback what holds when the option is absent (null: the option is required; a flag: off)
 */
public record Option(String name, String value, String fallback, String meaning) {
  /** The seed file format, said once for inject and crawl. */
  public static final String SEED_FORMAT = "One URL a line; '#' starts a comment. After a URL a line may hold only Nutch's "
      + "seed metadata, TAB-separated key=value fields (nutch.score=2.5), which trawl accepts and ignores; any other "
      + "text after a URL rejects the line.";
  public static final Option CRAWL = new Option("crawl", "URI", null,
      "The crawl root: a local path, file://, hdfs:// or s3a://bucket/prefix.");
  public static final Option SEEDS_REQUIRED = new Option("seeds", "FILE", null, "The seed URLs. " + SEED_FORMAT);
  public static final Option CHANGE_SETTINGS = flag("change-settings",
      "Let the crawl settings given now change the crawl's scope and bounds (those marked *), recorded in crawl.json.");

  public static Option of(String name, String value, String fallback, String meaning) {
    return new Option(name, value, fallback, meaning);
  }

  /** An option that sets one setting: its default and meaning are the setting's. */
  public static Option of(String name, String value, Setting setting) {
    return new Option(name, value, setting.defaultValue(), setting.description() + " (" + setting.key() + ")");
  }

  public static Option flag(String name, String meaning) {
    return new Option(name, null, null, meaning);
  }

  /** Its entry in the command's help. */
  public String help() {
    String facts = value == null ? "" : fallback == null ? "required" : OptionHelp.shownDefault(fallback);
    return OptionHelp.entry("--" + name + (value == null ? "" : " " + value), facts, meaning);
  }
}
