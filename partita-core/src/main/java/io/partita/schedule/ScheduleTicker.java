package io.partita.schedule;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.exec.BackfillRequest;
import io.partita.exec.PlannedRun;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.ScheduleStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One tick: evaluate the schedule, then create and execute its runs one after another, oldest
 * first, through {@link RunManager}. Runs are created one at a time because a later run's plan may
 * read partitions the earlier one writes (a window dependency), and leases would clash if both were
 * created up front. A partition is marked scheduled as soon as its run exists, so a crash mid-run
 * does not create it twice; the run itself is resumable with `partita resume`.
 */
public final class ScheduleTicker {
  public static final String ACTOR = "scheduler";

  private final Scheduler scheduler;
  private final RunManager runs;
  private final ScheduleStore store;
  private final Clock clock;

  public ScheduleTicker(Scheduler scheduler, RunManager runs, ScheduleStore store, Clock clock) {
    this.scheduler = scheduler;
    this.runs = runs;
    this.store = store;
    this.clock = clock;
  }

  public TickResult tick(RunListener listener) {
    return tick(listener, run -> false);
  }

  /**
   * @param stopped asked before each run starts; true stops the tick (serve shutting down), and the
   *     remaining runs are created by the next tick
   */
  public TickResult tick(RunListener listener, Predicate<String> stopped) {
    TickPlan plan = scheduler.evaluate();
    List<TickResult.Run> results = new ArrayList<>();
    List<String> notices = new ArrayList<>(plan.notices());
    for (ScheduledRun scheduled : plan.runs()) {
      if (stopped.test(scheduled.partitionSpec())) {
        notices.add(
            "Stopped before " + scheduled.kind().lowerName() + " " + scheduled.partitionSpec());
        break;
      }
      BackfillRequest request = request(scheduled, plan);
      RunRecord created;
      try {
        PlannedRun planned = runs.plan(request);
        created = runs.create(planned, request);
      } catch (PartitaException e) {
        if (e.category() != ErrorCategory.CONFLICT) {
          throw e;
        }
        // A backfill holds some of these partitions: skip, never write them twice at once. The
        // mark is not advanced, so the next tick schedules the partition again.
        results.add(
            new TickResult.Run(
                scheduled, Optional.empty(), Optional.empty(), Optional.of(e.getMessage())));
        notices.add("Skipped " + scheduled.partitionSpec() + ": " + e.getMessage());
        break;
      }
      store.markScheduled(scheduled.assets(), scheduled.due().key(), created.id(), clock.instant());
      RunResult result = runs.execute(created.id(), listener);
      results.add(
          new TickResult.Run(
              scheduled,
              Optional.of(created.id()),
              Optional.of(result.status()),
              Optional.empty()));
      if (result.status() == RunStatus.PAUSED) {
        break;
      }
    }
    return new TickResult(plan, results, notices);
  }

  private static BackfillRequest request(ScheduledRun scheduled, TickPlan plan) {
    String reason =
        scheduled.kind().lowerName()
            + " for cron firing "
            + plan.firing().map(Object::toString).orElse("?")
            + ", partition "
            + scheduled.due().key();
    return BackfillRequest.newBuilder(scheduled.partitionSpec())
        .kind(scheduled.kind())
        .assets(scheduled.assetSelection())
        .reason(Optional.of(reason))
        .actor(ACTOR)
        .build();
  }
}
