package io.partita.web.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.json.JsonOutput;
import io.partita.state.RunRecord;
import io.partita.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How far a run got: task counts by phase, throughput since its first task started, and the time
 * left at that pace.
 *
 * @param done succeeded or skipped
 * @param running running, staged or waiting for a retry
 * @param failed failed, failed checks or upstream failed
 */
record RunProgress(Counts counts, Optional<Double> tasksPerMinute, Optional<Duration> eta) {
  /** Tasks by phase. */
  record Counts(int total, int done, int running, int queued, int failed, int cancelled) {}

  static RunProgress of(RunRecord run, List<TaskRecord> tasks, Instant now) {
    int done = 0;
    int running = 0;
    int queued = 0;
    int failed = 0;
    int cancelled = 0;
    Instant firstStart = null;
    int finishedByThisRun = 0;
    for (TaskRecord task : tasks) {
      switch (task.status()) {
        case SUCCEEDED, SKIPPED -> done++;
        case RUNNING, RETRYING, STAGED -> running++;
        case QUEUED -> queued++;
        case FAILED, FAILED_CHECKS, UPSTREAM_FAILED -> failed++;
        case CANCELLED -> cancelled++;
      }
      if (task.startedAt().isPresent()) {
        firstStart =
            firstStart == null || task.startedAt().get().isBefore(firstStart)
                ? task.startedAt().get()
                : firstStart;
      }
      if (task.finishedAt().isPresent() && task.startedAt().isPresent()) {
        finishedByThisRun++;
      }
    }
    Optional<Double> rate = Optional.empty();
    Optional<Duration> eta = Optional.empty();
    if (firstStart != null && finishedByThisRun > 0) {
      Instant end = run.finishedAt().orElse(now);
      double minutes = Math.max(Duration.between(firstStart, end).toMillis(), 1) / 60_000.0;
      rate = Optional.of(finishedByThisRun / minutes);
      int remaining = running + queued;
      // Only a running run has an ETA: a paused or queued one is not getting closer to the end.
      if (run.status() == io.partita.state.RunStatus.RUNNING) {
        eta = Optional.of(Duration.ofMillis(Math.round(remaining / rate.get() * 60_000)));
      }
    }
    return new RunProgress(
        new Counts(tasks.size(), done, running, queued, failed, cancelled), rate, eta);
  }

  ObjectNode toJson() {
    ObjectNode node = JsonOutput.object();
    node.put("total", counts.total());
    node.put("done", counts.done());
    node.put("running", counts.running());
    node.put("queued", counts.queued());
    node.put("failed", counts.failed());
    node.put("cancelled", counts.cancelled());
    node.put("tasks_per_minute", tasksPerMinute.map(r -> Math.round(r * 10) / 10.0).orElse(null));
    node.put("eta_seconds", eta.map(Duration::toSeconds).orElse(null));
    return node;
  }
}
