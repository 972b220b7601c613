package io.partita.cli;

import io.partita.exec.FailureAdvice;
import io.partita.exec.RunResult;
import io.partita.state.RunRecord;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The human-readable end of a run: counts, duration, failures with their errors, what to do next.
 */
final class RunSummary {
  private RunSummary() {}

  static void print(PrintStream out, RunRecord run, RunResult result, Instant startedAt) {
    Map<TaskStatus, Integer> counts = new EnumMap<>(TaskStatus.class);
    long rows = 0;
    for (TaskRecord task : result.tasks()) {
      counts.merge(task.status(), 1, Integer::sum);
      rows += task.rowsWritten().orElse(0L);
    }
    StringBuilder line = new StringBuilder();
    counts.forEach(
        (status, count) ->
            line.append(line.length() == 0 ? "" : ", ")
                .append(count)
                .append(' ')
                .append(status.lowerName()));
    double seconds = Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
    out.printf(
        "Run %s %s: %s; %,d rows written in %.1f s%n",
        run.id(), result.status().lowerName(), line, rows, seconds);
    int shown = 0;
    for (TaskRecord task : result.tasks()) {
      if (task.status() == TaskStatus.FAILED && shown++ < 10) {
        out.printf(
            "  failed %s %s after %s: %s%n",
            task.asset(),
            task.partition(),
            Words.count(task.attempts(), "attempt"),
            Terminal.safe(task.error().orElse("")).replace("\n", "\n    "));
      }
    }
    switch (result.status()) {
      case FAILED -> {
        if (result.tasks().stream().anyMatch(FailureAdvice::isCodeFault)) {
          // resume re-runs the frozen snapshot: a fixed model only runs in a new run.
          out.printf(
              "Fix the model, then `%s` runs the failed partitions with the new definition"
                  + " (`partita resume %s` would re-run this run's snapshot unchanged).%n",
              FailureAdvice.reprocessCommand(run.options()), run.id());
        } else {
          out.printf(
              "Fix the cause, then `partita resume %s` re-runs only the failed tasks.%n", run.id());
        }
      }
      case PAUSED ->
          out.printf("Paused. `partita resume %s` continues where it stopped.%n", run.id());
      default -> {}
    }
  }
}
