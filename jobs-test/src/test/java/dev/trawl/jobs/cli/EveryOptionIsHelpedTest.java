package dev.trawl.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.jobs.LocalCrawl;
import dev.trawl.jobs.options.CrawlFlags;
import dev.trawl.settings.Setting;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trawl <command> --help}, run as a user runs it, explains every option the command's parser
 * accepts: the form of its value, its default (a crawl setting's being the Setting's) and its meaning.
 */
class EveryOptionIsHelpedTest {
  /** An option's entry: its first line (option, value form, facts) and the meaning below it. */
  private static final Pattern ENTRY = Pattern.compile("(?m)^  (--[a-z-]+)((?: [^ ;]+)?) *(.*)\\n((?: {6}\\S.*\\n)+)");
  private static final Pattern SETTING_FACTS = Pattern.compile("(?:\\* )?(trawl\\.[a-z.-]+); default: (.*?)(; repeatable)?");

  @TempDir
  Path tmp;

  @Test
  void everyOptionEachCommandAcceptsIsInItsHelpWithValueFormDefaultAndMeaning() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    for (Command command : Command.values()) {
      if (command == Command.EMR) {
        continue; // its subcommands parse their own options, which its usage lists (HelpsAtTheCommandLineTest)
      }
      LocalCrawl.Run help = crawl.ok(command.commandName(), "--help");
      Set<String> helped = new HashSet<>();
      Matcher m = ENTRY.matcher(help.out());
      while (m.find()) {
        String name = m.group(1).substring(2);
        helped.add(name);
        String where = command.commandName() + " --" + name + ":\n" + m.group();
        assertFalse(m.group(4).isBlank(), "a meaning: " + where);
        if (command.withValue().contains(name)) {
          assertFalse(m.group(2).isBlank(), "the form of its value: " + where);
          assertTrue(m.group(3).contains("required") || m.group(3).contains("default: "), "its default: " + where);
        } else {
          assertTrue(m.group(2).isBlank() || name.equals("help"), "a flag takes no value: " + where);
        }
      }
      Set<String> accepted = new HashSet<>(command.withValue());
      accepted.addAll(command.flags());
      assertEquals(accepted, helped, command.commandName() + " --help:\n" + help.out());
    }
  }

  @Test
  void crawlSettingsFlagsShowTheirSettingsKeyAndDefault() throws Exception {
    LocalCrawl.Run help = new LocalCrawl(tmp).trawl("crawl", "--help");
    Matcher m = ENTRY.matcher(help.out());
    int settings = 0;
    while (m.find()) {
      String flag = m.group(1).substring(2);
      Matcher facts = SETTING_FACTS.matcher(m.group(3));
      if (!facts.matches()) {
        continue; // the command's own options
      }
      settings++;
      Setting s = setting(facts.group(1));
      assertNotNull(s, m.group());
      assertEquals(CrawlFlags.setting(flag), s, m.group());
      assertEquals(s.defaultValue().isEmpty() ? "none" : s.defaultValue(), facts.group(2), "the Setting's default: " + m.group());
      String meaning = m.group(4).replaceAll("\\s+", " ").strip();
      assertEquals(s.description().replaceAll("\\s+", " ").strip(), meaning, "the Setting's meaning: " + m.group());
      String form = m.group(2).strip();
      assertEquals(s.isDuration(), form.equals("DURATION"), "a duration says so: " + m.group());
    }
    assertEquals(CrawlFlags.withValue().size() + CrawlFlags.flags().size(), settings, help.out());
    for (String form : List.of("N ", "SECONDS ", "DURATION ", "DATE, TIME ", "REGEX ", "CIDR ")) {
      assertTrue(help.out().contains("\n  " + form), "the value forms are explained: " + form + "\n" + help.out());
    }
    assertTrue(help.out().contains("a bare number is refused"), help.out());
    assertTrue(help.out().contains("--delay SECONDS"), "delay counts seconds, without a unit:\n" + help.out());
  }

  @Test
  void optionsThatSetASettingShowItsDefault() throws Exception {
    LocalCrawl.Run help = new LocalCrawl(tmp).trawl("report", "--help");
    assertTrue(help.out().matches("(?s).*--instances N +default: " + Setting.COST_INSTANCES.defaultValue() + "\n.*"), help.out());
    assertTrue(help.out().matches("(?s).*--instance-price USD_PER_HOUR +default: none\n.*"), help.out());
    LocalCrawl.Run demo = new LocalCrawl(tmp).trawl("demo", "--help");
    assertTrue(demo.out().matches("(?s).*--rounds N +default: 3\n.*"), demo.out());
  }

  private static Setting setting(String key) {
    for (Setting s : Setting.values()) {
      if (s.key().equals(key)) {
        return s;
      }
    }
    return null;
  }
}
