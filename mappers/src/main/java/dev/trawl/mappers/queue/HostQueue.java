package dev.trawl.mappers.queue;

import dev.trawl.schema.FrontierEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One host's URLs, in the order the round's page bound chooses them: the shallowest first, then in
 * the order they came (the fetch list's URL order). Each depth is a chain whose middle may lie in
 * the {@link SpillFile}: a few entries in memory at the front, runs on disk, and the latest
 * additions in memory at the back until they are spilled too. Guarded by {@link HostQueues}' lock.
 */
final class HostQueue {
  /** Entries read back from disk per refill: enough for a few turns. */
  private static final int REFILL = 8;

  private static final class Chain {
    final ArrayDeque<FrontierEntry> front = new ArrayDeque<>();
    final ArrayDeque<SpillFile.Run> runs = new ArrayDeque<>();
    /** Entries added after a run was spilled: they come after the runs. */
    final ArrayDeque<FrontierEntry> back = new ArrayDeque<>();
    int onDisk;

    int inMemory() { return front.size() + back.size(); }
  }

  private final TreeMap<Integer, Chain> chains = new TreeMap<>();
  private int size;
  private int inMemory;

  void add(FrontierEntry e) {
    Chain c = chains.computeIfAbsent(e.getDepth(), d -> new Chain());
    (c.runs.isEmpty() ? c.front : c.back).addLast(e);
    size++;
    inMemory++;
  }

  /** Puts an entry taken with {@link #poll} back at the front. */
  void unpoll(FrontierEntry e) {
    chains.computeIfAbsent(e.getDepth(), d -> new Chain()).front.addFirst(e);
    size++;
    inMemory++;
  }

  FrontierEntry poll(SpillFile spill) {
    Chain c = first(spill);
    if (c == null) {
      return null;
    }
    size--;
    inMemory--;
    FrontierEntry e = c.front.pollFirst();
    if (c.front.isEmpty() && c.runs.isEmpty() && c.back.isEmpty()) {
      chains.remove(e.getDepth());
    }
    return e;
  }

  /** The shallowest chain, with its next entry in memory; null if the host has none. */
  private Chain first(SpillFile spill) {
    Map.Entry<Integer, Chain> first = chains.firstEntry();
    if (first == null) {
      return null;
    }
    Chain c = first.getValue();
    if (c.front.isEmpty()) {
      if (!c.runs.isEmpty()) {
        SpillFile.Run run = c.runs.peekFirst();
        int before = c.front.size();
        spill.read(run, REFILL, c.front);
        int read = c.front.size() - before;
        c.onDisk -= read;
        inMemory += read;
        if (run.count == 0) {
          c.runs.pollFirst();
        }
      } else {
        // The runs are all read: what was added after them is next.
        c.front.addAll(c.back);
        c.back.clear();
      }
    }
    return c;
  }

  /**
   * Writes all but the first entry of each chain to disk; returns how many entries left the heap.
   * The one kept in memory serves the host's next turn without a read.
   */
  int spill(SpillFile spill) {
    int moved = 0;
    for (Chain c : chains.values()) {
      List<FrontierEntry> out = new ArrayList<>();
      if (c.runs.isEmpty()) {
        while (c.front.size() > 1) {
          out.add(c.front.pollLast());
        }
        java.util.Collections.reverse(out);
      } else {
        out.addAll(c.back);
        c.back.clear();
      }
      if (!out.isEmpty()) {
        c.runs.addLast(spill.append(out));
        c.onDisk += out.size();
        moved += out.size();
      }
    }
    inMemory -= moved;
    return moved;
  }

  /** Takes every entry, in order, reading back what lies on disk. */
  void drain(SpillFile spill, Consumer<FrontierEntry> to) {
    FrontierEntry e;
    while ((e = poll(spill)) != null) {
      to.accept(e);
    }
  }

  int size() { return size; }

  int inMemory() { return inMemory; }

  boolean isEmpty() { return size == 0; }
}
