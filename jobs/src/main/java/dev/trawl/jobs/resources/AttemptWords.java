package dev.trawl.jobs.resources;

import dev.trawl.round.RoundResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Failed and killed attempts in words: one line per task and cause, with the nodes and what to change. */
public final class AttemptWords {
  private AttemptWords() {}

  /** One line per task and cause, in the order the attempts ended. */
  public static List<String> lines(List<RoundResources.Attempt> attempts) {
    Map<String, List<RoundResources.Attempt>> byTaskAndCause = new LinkedHashMap<>();
    for (RoundResources.Attempt a : attempts) {
      byTaskAndCause.computeIfAbsent(a.task() + "\u0000" + a.cause(), k -> new ArrayList<>()).add(a);
    }
    List<String> lines = new ArrayList<>();
    for (List<RoundResources.Attempt> group : byTaskAndCause.values()) {
      RoundResources.Attempt first = group.get(0);
      TreeSet<String> nodes = new TreeSet<>();
      group.stream().map(RoundResources.Attempt::node).filter(n -> n != null).forEach(nodes::add);
      lines.add(first.task() + " (" + (group.size() == 1 ? "1 attempt" : group.size() + " attempts")
          + (nodes.isEmpty() ? "" : ", on " + String.join(", ", nodes)) + "): " + first.words() + "; what to change: " + first.fix());
    }
    return lines;
  }

  /** For a failed round's message: ": " and the lines, or nothing when YARN gave no attempts. */
  public static String failed(List<RoundResources.Attempt> attempts) {
    return attempts.isEmpty() ? "" : ": " + String.join("; ", lines(attempts));
  }
}
