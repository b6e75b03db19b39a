package dev.trawl.jobs.options;

/**
 * How one option reads in a command's help: the option with its value's form and its default on one
 * line, what it means below, wrapped. Commands' own options and crawl settings' flags read alike.
 */
public final class OptionHelp {
  private static final int WIDTH = 100;
  private static final String INDENT = "      ";

  private OptionHelp() {}

  /**
   * @param option the option as typed, with its value's form ({@code --round N})
   * @param facts what follows it on its line: the default, or "required" (may be empty)
   */
  public static String entry(String option, String facts, String meaning) {
    StringBuilder b = new StringBuilder(String.format("  %-32s %s", option, facts).stripTrailing()).append('\n');
    StringBuilder line = new StringBuilder(INDENT);
    for (String word : meaning.strip().split("\\s+")) {
      if (line.length() > INDENT.length() && line.length() + 1 + word.length() > WIDTH) {
        b.append(line).append('\n');
        line = new StringBuilder(INDENT);
      }
      if (line.length() > INDENT.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    return b.append(line).append('\n').toString();
  }

  /** A default as help shows it: an empty one is "none". */
  public static String shownDefault(String value) {
    return "default: " + (value.isEmpty() ? "none" : value);
  }
}
