package dev.trawl.jobs.resources;

import dev.trawl.round.RoundResources;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.mapreduce.TaskType;

/**
 * The attempts of a round's job that failed or were killed, each with its node and its cause in
 * words ({@link AttemptCause}), from the job's task completion events and YARN's diagnostics.
 * Hadoop's local mode runs each task once and keeps no such events: a task that fails there fails
 * the job, whose failure note says why.
 */
public final class FailedAttempts {
  private FailedAttempts() {}

  /**
   * The job's failed and killed attempts; as many as could be read. The job is over when this is
   * asked: what it did is already decided, and a history server that does not answer must not undo it.
   */
  public static List<RoundResources.Attempt> of(Job job) throws InterruptedException {
    List<RoundResources.Attempt> attempts = new ArrayList<>();
    try {
      read(job, attempts);
    } catch (IOException | RuntimeException e) {
      // What was read stands; the rest is in YARN's own logs.
    }
    return attempts;
  }

  private static void read(Job job, List<RoundResources.Attempt> attempts) throws IOException, InterruptedException {
    Configuration conf = job.getConfiguration();
    int from = 0;
    while (true) {
      TaskCompletionEvent[] events = job.getTaskCompletionEvents(from, 100);
      if (events == null || events.length == 0) {
        return;
      }
      from += events.length;
      for (TaskCompletionEvent e : events) {
        TaskCompletionEvent.Status s = e.getStatus();
        if (s == TaskCompletionEvent.Status.SUCCEEDED || s == TaskCompletionEvent.Status.OBSOLETE) {
          continue;
        }
        TaskAttemptID id = e.getTaskAttemptId();
        boolean reduce = id.getTaskType() == TaskType.REDUCE;
        int memory = conf.getInt(reduce ? "mapreduce.reduce.memory.mb" : "mapreduce.map.memory.mb", 1024);
        AttemptCause cause = AttemptCause.of(String.join("\n", job.getTaskDiagnostics(id)), reduce, memory);
        attempts.add(new RoundResources.Attempt(id.toString(), taskName(id), node(e.getTaskTrackerHttp()),
            s == TaskCompletionEvent.Status.KILLED ? "KILLED" : "FAILED", cause.code(), cause.words(), cause.fix()));
      }
    }
  }

  /**
   * Hadoop's name of the task: map-NNNNN (a fetch task; Hadoop numbers them largest fetch list first,
   * so the number is not the list's) or reduce-NNNNN.
   */
  static String taskName(TaskAttemptID id) {
    return String.format("%s-%05d", id.getTaskType() == TaskType.REDUCE ? "reduce" : "map", id.getTaskID().getId());
  }

  private static String node(String trackerHttp) {
    if (trackerHttp == null || trackerHttp.isBlank()) {
      return null;
    }
    try {
      String host = URI.create(trackerHttp).getHost();
      return host != null ? host : trackerHttp;
    } catch (IllegalArgumentException e) {
      return trackerHttp;
    }
  }
}
