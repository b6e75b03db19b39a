package dev.trawl.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.jobs.options.NearestName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages under docs/ are how a user finds their way: every link between them lands
 * on a file and, when it names one, a heading of that file; every web link is well-formed (not
 * fetched: the tests need no network); every trawl command they show exists and takes the options
 * shown with it; and every benchmark script or repository file they name is there.
 */
class DocsLinksResolveTest {
  private static final Path ROOT = repositoryRoot();

  @Test
  void everyRelativeLinkReachesAFileAndItsHeading() {
    assertNone(docs().stream().flatMap(d -> d.linkProblems().stream()).toList());
  }

  @Test
  void everyCommandShownIsATrawlCommandTakingTheOptionsShownWithIt() {
    assertNone(docs().stream().flatMap(d -> d.commandProblems().stream()).toList());
  }

  @Test
  void everyBenchScriptAndRepositoryFileNamedExists() {
    assertNone(docs().stream().flatMap(d -> d.pathProblems().stream()).toList());
  }

  @Test
  void theReadmeMapsEveryDocsPage() {
    Doc readme = docs().get(0);
    List<Path> pages = docsPages();
    assertTrue(pages.size() >= 5, "docs/ has its pages: " + pages);
    for (Path page : pages) {
      String target = "docs/" + page.getFileName();
      assertTrue(readme.links().stream().anyMatch(l -> l.target().startsWith(target)), "README.md links " + target);
    }
    assertTrue(readme.text.contains("\n```\nmvn -B verify\n```\n"), "the README shows CI's test command");
  }

  /** The checks can fail: a broken link, anchor, command, option, URL and script are each reported. */
  @Test
  void reportsWhatIsBroken() {
    Doc doc = new Doc(ROOT.resolve("docs/not-a-page.md"), """
        # A page

        [ok](crawling.md#one-writer-per-crawl-root) [self](#a-page) [anchor](crawling.md#no-such-heading)
        [file](no-such-page.md) [web](https://example.org/a%zz) [also ok](https://example.org/x?y=1#z)
        Run `bin/trawl settings`, then `trawl crawlz --crawl URI` and `bench/no-such.sh`.

        ```
        $ bin/trawl crawl --crawl file:///tmp/c --dept 3      # a comment, --not-an-option
        trawl crawl: another trawl command is writing ('trawl lease --crawl file:/c --break')
        ```
        """);
    List<String> links = doc.linkProblems();
    assertEquals(3, links.size(), String.join("\n", links));
    assertTrue(links.get(0).contains("crawling.md#no-such-heading") && links.get(0).contains(":3:"), links.get(0));
    assertTrue(links.get(1).contains("no-such-page.md"), links.get(1));
    assertTrue(links.get(2).contains("a%zz"), links.get(2));
    List<String> commands = doc.commandProblems();
    assertEquals(2, commands.size(), String.join("\n", commands));
    assertTrue(commands.stream().anyMatch(c -> c.contains(":5: 'trawl crawlz' names no command (did you mean 'crawl'?)")),
        String.join("\n", commands));
    assertTrue(commands.stream().anyMatch(c -> c.contains(":8: 'trawl crawl' has no option --dept (did you mean --depth?)")),
        String.join("\n", commands));
    List<String> paths = doc.pathProblems();
    assertEquals(1, paths.size(), String.join("\n", paths));
    assertTrue(paths.get(0).contains("bench/no-such.sh"), paths.get(0));
  }

  private static void assertNone(List<String> problems) {
    assertTrue(problems.isEmpty(), problems.size() + " problem(s) in the docs:\n" + String.join("\n", problems));
  }

  /** README.md first, then bench/README.md and every docs/*.md. */
  private static List<Doc> docs() {
    List<Doc> docs = new ArrayList<>();
    docs.add(Doc.read(ROOT.resolve("README.md")));
    docs.add(Doc.read(ROOT.resolve("bench/README.md")));
    docsPages().forEach(p -> docs.add(Doc.read(p)));
    return docs;
  }

  private static List<Path> docsPages() {
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tests run in jobs/: the repository root is the folder above with the README and the parent pom. */
  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      try {
        if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("pom.xml"))
            && Files.readString(p.resolve("pom.xml")).contains("<modules>")) {
          return p;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no folder above " + Path.of("").toAbsolutePath() + " holds README.md and the parent pom.xml");
  }

  /** A piece of a page: a line of a code block, an inline code span, or prose (inline code blanked out). */
  private record Piece(String text, int line) {}

  private record Link(String target, int line) {}

  /** A table row: its table's first header cell, its cells, its line. */
  private record Row(String header, List<String> cells, int line) {}

  /** One Markdown page, taken apart as far as the checks need. */
  private static final class Doc {
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)(?<!`)\\1(?!`)", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]*)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
    /** A command as shown: trawl, bin/trawl or the job jar, Hadoop's generic options, then the command's name. */
    private static final Pattern COMMAND = Pattern.compile(
        "(?<![\\w./-])(?:bin/trawl|trawl|trawl-job\\.jar)((?:\\s+-D\\s*\\S+|\\s+-(?:conf|fs|jt|files|libjars|archives)\\s+\\S+)*)"
            + "\\s+([a-z][a-z-]*)(?=\\s|$)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9-]*)");
    /** Where the options shown with a command end: a comment, a pipe, a quote or bracket closing around it. */
    private static final Pattern OPTIONS_END = Pattern.compile(" #| \\| |[')\";>]|(?<![\\w./-])(?:bin/)?trawl\\s");
    private static final Pattern BENCH_SCRIPT = Pattern.compile("(?<![\\w./-])bench/[\\w.-]+\\.sh\\b");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("[\\w-]+(?:/[\\w.=-]*)*");

    final Path file;
    final String text;
    final Set<String> anchors = new HashSet<>();
    final List<Piece> code = new ArrayList<>();
    final List<Piece> inline = new ArrayList<>();
    final List<Piece> prose = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();

    static Doc read(Path file) {
      try {
        return new Doc(file, Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Doc(Path file, String text) {
      this.file = file;
      this.text = text;
      String[] lines = text.split("\n", -1);
      Map<String, Integer> slugs = new HashMap<>();
      boolean inFence = false;
      StringBuilder paragraph = new StringBuilder();
      int paragraphLine = 1;
      String tableHeader = null;
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        int number = i + 1;
        if (FENCE.matcher(line).find()) {
          inFence = !inFence;
          paragraph = endParagraph(paragraph, paragraphLine);
          continue;
        }
        if (inFence) {
          code.add(new Piece(line.replaceFirst("^\\s*\\$ ", ""), number));
          continue;
        }
        Matcher h = HEADING.matcher(line);
        if (h.matches()) {
          paragraph = endParagraph(paragraph, paragraphLine);
          String slug = slug(h.group(2));
          int seen = slugs.merge(slug, 1, Integer::sum);
          anchors.add(seen == 1 ? slug : slug + "-" + (seen - 1));
          continue;
        }
        if (line.startsWith("|")) {
          List<String> cells = cells(line);
          if (tableHeader == null) {
            tableHeader = cells.get(0).strip();
          } else if (!line.matches("\\|[\\s:|-]+")) {
            rows.add(new Row(tableHeader, cells, number));
          }
        } else {
          tableHeader = null;
        }
        if (line.isBlank()) {
          paragraph = endParagraph(paragraph, paragraphLine);
          continue;
        }
        if (paragraph.isEmpty()) {
          paragraphLine = number;
        }
        paragraph.append(line).append('\n');
      }
      endParagraph(paragraph, paragraphLine);
    }

    /** Splits a paragraph into its inline code spans and its prose with those spans blanked out. */
    private StringBuilder endParagraph(StringBuilder paragraph, int firstLine) {
      if (paragraph.isEmpty()) {
        return paragraph;
      }
      String p = paragraph.toString();
      StringBuilder rest = new StringBuilder(p);
      Matcher m = INLINE_CODE.matcher(p);
      while (m.find()) {
        int line = firstLine + (int) p.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        inline.add(new Piece(m.group(2).replace('\n', ' ').strip(), line));
        for (int k = m.start(); k < m.end(); k++) {
          if (rest.charAt(k) != '\n') {
            rest.setCharAt(k, ' ');
          }
        }
      }
      String[] lines = rest.toString().split("\n");
      for (int k = 0; k < lines.length; k++) {
        prose.add(new Piece(lines[k], firstLine + k));
      }
      return new StringBuilder();
    }

    private static List<String> cells(String row) {
      List<String> cells = new ArrayList<>(List.of(row.strip().replaceFirst("^\\|", "").split("(?<!\\\\)\\|", -1)));
      if (!cells.isEmpty() && cells.get(cells.size() - 1).isBlank()) {
        cells.remove(cells.size() - 1);
      }
      return cells;
    }

    /** GitHub's anchor for a heading: its text lower-cased, punctuation but - and _ dropped, spaces to -. */
    static String slug(String heading) {
      String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
      return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    String name() {
      return ROOT.relativize(file).toString().replace('\\', '/');
    }

    List<Link> links() {
      List<Link> links = new ArrayList<>();
      for (Piece p : prose) {
        Matcher m = LINK.matcher(p.text());
        while (m.find()) {
          links.add(new Link(m.group(2), p.line()));
        }
        Matcher r = REFERENCE_LINK.matcher(p.text());
        while (r.find()) {
          links.add(new Link(r.group(1), p.line()));
        }
      }
      return links;
    }

    List<String> linkProblems() {
      List<String> problems = new ArrayList<>();
      for (Link link : links()) {
        String where = name() + ":" + link.line() + ": (" + link.target() + ") ";
        String target = link.target();
        if (target.isEmpty()) {
          problems.add(where + "an empty link");
        } else if (target.matches("(?i)https?:.*")) {
          webLinkProblem(target).ifPresent(p -> problems.add(where + p));
        } else if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
          problems.add(where + "links neither to a page of the repository nor to http(s)");
        } else {
          relativeLinkProblem(target).ifPresent(p -> problems.add(where + p));
        }
      }
      return problems;
    }

    /** Not fetched (the tests need no network), but it must parse as an absolute http(s) URL with a host. */
    private static Optional<String> webLinkProblem(String target) {
      try {
        URI uri = new URI(target);
        if (uri.getHost() == null || uri.getHost().isBlank()) {
          return Optional.of("a web link without a host");
        }
        return Optional.empty();
      } catch (URISyntaxException e) {
        return Optional.of("not a well-formed URL: " + e.getMessage());
      }
    }

    private Optional<String> relativeLinkProblem(String target) {
      int hash = target.indexOf('#');
      String path = hash < 0 ? target : target.substring(0, hash);
      String anchor = hash < 0 ? null : target.substring(hash + 1);
      Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
      if (!resolved.startsWith(ROOT)) {
        return Optional.of("leads out of the repository");
      }
      if (!path.isEmpty() && !Files.exists(resolved)) {
        return Optional.of("no such file: " + ROOT.relativize(resolved));
      }
      if (anchor == null) {
        return Optional.empty();
      }
      if (!resolved.toString().endsWith(".md")) {
        return Optional.of("an anchor into a file that is not a Markdown page");
      }
      Doc page = resolved.equals(file) ? this : read(resolved);
      if (!page.anchors.contains(anchor)) {
        return Optional.of("no heading of " + page.name() + " has the anchor #" + anchor + " (its anchors: "
            + page.anchors.stream().sorted().toList() + ")");
      }
      return Optional.empty();
    }

    /**
     * Commands in code blocks and inline code: a line or span that starts with trawl (bin/trawl, the
     * job jar), or trawl and a command followed by options further along a line (a command quoted in
     * an output line). Prose in an output line ("another trawl command is writing") is neither. The
     * first column of the commands table names a command too, and the flags table crawl's options.
     */
    List<String> commandProblems() {
      List<String> problems = new ArrayList<>();
      for (Piece p : code) {
        commandsIn(p, problems);
      }
      for (Piece p : inline) {
        commandsIn(p, problems);
      }
      for (Row row : rows) {
        String first = row.cells().get(0).strip();
        if (!first.startsWith("`")) {
          continue;
        }
        String shown = first.replaceAll("^`+|`+$", "").replace("\\|", "|");
        if (row.header().equals("command")) {
          String command = shown.split("\\s+")[0];
          if (command.contains("/")) {
            continue; // a script, as in bench/README.md's table: the bench check below sees it
          }
          check(command, shown.substring(command.length()), name() + ":" + row.line(), problems);
        } else if (row.header().equals("flag")) {
          check("crawl", shown, name() + ":" + row.line(), problems);
        }
      }
      return problems;
    }

    private void commandsIn(Piece piece, List<String> problems) {
      String text = piece.text();
      Matcher m = COMMAND.matcher(text);
      while (m.find()) {
        String after = text.substring(m.end());
        boolean startsLine = text.substring(0, m.start()).isBlank();
        if (!startsLine && !after.matches("\\s+-.*")) {
          continue;
        }
        Matcher end = OPTIONS_END.matcher(after);
        String options = end.find() ? after.substring(0, end.start()) : after;
        check(m.group(2), options, name() + ":" + piece.line(), problems);
      }
    }

    private static void check(String name, String options, String where, List<String> problems) {
      Optional<Command> command = Command.named(name);
      if (command.isEmpty()) {
        problems.add(where + ": 'trawl " + name + "' names no command"
            + NearestName.of(name, Command.names()).map(n -> " (did you mean '" + n + "'?)").orElse("")
            + "; the commands: " + Command.names());
        return;
      }
      if (command.get() == Command.EMR) {
        return; // its subcommands parse their own options (EmrCli), which HelpsAtTheCommandLineTest checks
      }
      Set<String> accepted = new HashSet<>(command.get().withValue());
      accepted.addAll(command.get().flags());
      Matcher o = OPTION.matcher(options);
      while (o.find()) {
        if (!accepted.contains(o.group(1))) {
          problems.add(where + ": 'trawl " + name + "' has no option --" + o.group(1)
              + NearestName.of(o.group(1), accepted).map(n -> " (did you mean --" + n + "?)").orElse(""));
        }
      }
    }

    /** bench/*.sh named anywhere, and repository files named in inline code (build output aside). */
    List<String> pathProblems() {
      List<String> problems = new ArrayList<>();
      Set<String> reported = new HashSet<>();
      List<Piece> all = new ArrayList<>(prose);
      all.addAll(code);
      all.addAll(inline);
      for (Piece p : all) {
        Matcher m = BENCH_SCRIPT.matcher(p.text());
        while (m.find()) {
          if (!Files.isRegularFile(ROOT.resolve(m.group())) && reported.add(m.group())) {
            problems.add(name() + ":" + p.line() + ": no script " + m.group());
          }
        }
      }
      for (Piece p : inline) {
        String shown = p.text();
        int slash = shown.indexOf('/');
        if (slash <= 0 || !REPOSITORY_PATH.matcher(shown).matches() || shown.contains("..") || shown.contains("/target/")) {
          continue; // not a path, an elided one (mappers/.../scope), or build output
        }
        // A folder of the repository's top level: a crawl root's folders (crawldb/, warc/, ...) are not among them.
        if (Files.isDirectory(ROOT.resolve(shown.substring(0, slash))) && !Files.exists(ROOT.resolve(shown))
            && reported.add(shown)) {
          problems.add(name() + ":" + p.line() + ": no file " + shown + " in the repository");
        }
      }
      return problems;
    }
  }

  @Test
  void anchorsFollowGitHubsRule() {
    assertEquals("outcomes-one-vocabulary", Doc.slug("Outcomes: one vocabulary"));
    assertEquals("sitemaps-and-the-date-bounds-before-fetching", Doc.slug("Sitemaps, and the date bounds before fetching"));
    assertEquals("the-trawl_manifest-table", Doc.slug("The `trawl_manifest` table"));
    assertEquals("re-crawling", Doc.slug("Re-crawling"));
    assertFalse(new Doc(ROOT.resolve("x.md"), "# A\n# A\n").anchors.contains("a-2"));
    assertTrue(new Doc(ROOT.resolve("x.md"), "# A\n# A\n").anchors.contains("a-1"));
  }
}
