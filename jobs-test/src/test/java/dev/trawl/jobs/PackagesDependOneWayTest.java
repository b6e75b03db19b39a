package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each module's packages use one another in one direction only: commands over the crawl loop over a
 * round over fetch lists and summaries over the store, never back up. A package that both uses and
 * is used by another cannot be read, tested or moved alone; this names the files of any such cycle.
 */
class PackagesDependOneWayTest {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  /** An import or a fully qualified use of a class: the package is what comes before the class name. */
  private static final Pattern USE = Pattern.compile("\\b(dev\\.trawl(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");

  @ParameterizedTest
  @ValueSource(strings = {"../jobs/src/main/java", "../mappers/src/main/java", "../reducers/src/main/java", "../schema/src/main/java"})
  void noPackageUsesAPackageThatUsesIt(String sources) throws IOException {
    Path root = Path.of(sources);
    assertTrue(Files.isDirectory(root), root.toAbsolutePath().toString());
    Map<String, Map<String, Set<String>>> uses = uses(root); // package -> used package -> files
    List<String> cycles = new ArrayList<>();
    for (Set<String> group : stronglyConnected(uses)) {
      if (group.size() > 1) {
        StringBuilder b = new StringBuilder("packages " + group + " use one another:");
        for (String from : group) {
          for (String to : group) {
            Set<String> files = uses.getOrDefault(from, Map.of()).get(to);
            if (files != null) {
              b.append("\n  ").append(from).append(" -> ").append(to).append(" in ").append(files);
            }
          }
        }
        cycles.add(b.toString());
      }
    }
    assertEquals(List.of(), cycles, String.join("\n", cycles));
  }

  private static Map<String, Map<String, Set<String>>> uses(Path root) throws IOException {
    Map<String, Map<String, Set<String>>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
        try {
          String text = Files.readString(f);
          Matcher p = PACKAGE.matcher(text);
          if (!p.find()) {
            return;
          }
          String from = p.group(1);
          Matcher u = USE.matcher(text);
          while (u.find()) {
            if (!u.group(1).equals(from)) {
              uses.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(u.group(1), k -> new TreeSet<>())
                  .add(f.getFileName().toString());
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return uses;
  }

  /** Tarjan's strongly connected components: each group is a set of packages that reach one another. */
  private static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> uses) {
    Map<String, Integer> index = new TreeMap<>();
    Map<String, Integer> low = new TreeMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> groups = new ArrayList<>();
    for (String p : uses.keySet()) {
      if (!index.containsKey(p)) {
        visit(p, uses, index, low, stack, onStack, groups);
      }
    }
    return groups;
  }

  private static void visit(String p, Map<String, Map<String, Set<String>>> uses, Map<String, Integer> index,
                            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> groups) {
    index.put(p, index.size());
    low.put(p, index.get(p));
    stack.push(p);
    onStack.add(p);
    for (String q : uses.getOrDefault(p, Map.of()).keySet()) {
      if (!index.containsKey(q)) {
        visit(q, uses, index, low, stack, onStack, groups);
        low.put(p, Math.min(low.get(p), low.get(q)));
      } else if (onStack.contains(q)) {
        low.put(p, Math.min(low.get(p), index.get(q)));
      }
    }
    if (low.get(p).equals(index.get(p))) {
      Set<String> group = new TreeSet<>();
      String q;
      do {
        q = stack.pop();
        onStack.remove(q);
        group.add(q);
      } while (!q.equals(p));
      groups.add(group);
    }
  }
}
