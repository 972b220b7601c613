package io.partita.schedule;

import static java.util.Objects.requireNonNull;

import io.partita.state.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What one tick did: the runs it created and how they ended, and its notices. */
public record TickResult(TickPlan plan, List<Run> runs, List<String> notices) {
  public TickResult {
    requireNonNull(plan, "plan is null");
    runs = List.copyOf(runs);
    notices = List.copyOf(notices);
  }

  /**
   * One scheduled run.
   *
   * @param runId empty when the run could not be created (see {@code skipped})
   * @param skipped why the run was not created, e.g. another run holds its partitions
   */
  public record Run(
      ScheduledRun scheduled,
      Optional<String> runId,
      Optional<RunStatus> status,
      Optional<String> skipped) {}

  public Instant now() {
    return plan.now();
  }

  /** 0 when every created run succeeded (or nothing was due), 1 when a run failed. */
  public int exitCode() {
    return runs.stream()
            .anyMatch(
                run ->
                    run.status().isPresent()
                        && run.status().get() != RunStatus.SUCCEEDED
                        && run.status().get() != RunStatus.PAUSED)
        ? 1
        : 0;
  }
}
