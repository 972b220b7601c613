package io.partita.drill;

import io.partita.engine.testing.FaultyEngine;
import io.partita.exec.BackfillRequest;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.plan.Reprocess;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every warehouse statement fails for a while, starting after the first few tasks: retries with
 * backoff absorb a short outage; tasks that exhaust their retries fail cleanly and {@code
 * --reprocess failed} finishes the job.
 */
final class EngineOutageDrill implements Drill {
  private static final int TASKS_BEFORE_OUTAGE = 3;

  @Override
  public boolean run(DrillRun drill) throws Exception {
    // Seconds, not the 30 s a production project waits, so the rehearsal takes seconds too.
    String yaml = Files.readString(drill.dir().resolve("partita.yaml"));
    String fast = yaml.replaceAll("(?m)^(\\s*)retry_backoff:\\s*\\S+", "$1retry_backoff: 1s");
    if (!fast.equals(yaml)) {
      Files.writeString(drill.dir().resolve("partita.yaml"), fast);
      drill.setup(
          "retry_backoff set to 1s in the copy (retries back off 1 s, 2 s, ... with jitter)");
    }
    Duration outage = Duration.ofMillis((long) (drill.outageSeconds() * 1000));
    try (ProjectContext workspace = drill.openProject()) {
      FaultyEngine engine = new FaultyEngine(workspace.engine(), Clock.systemUTC());
      RunManager runs = workspace.runs(() -> engine);
      AtomicInteger finished = new AtomicInteger();
      AtomicLong outageStart = new AtomicLong();
      AtomicLong firstFailure = new AtomicLong();
      AtomicLong firstSuccessAfter = new AtomicLong();
      RunListener listener =
          new RunListener() {
            @Override
            public void taskFinished(TaskRecord task) {
              long now = System.nanoTime();
              if (finished.incrementAndGet() == TASKS_BEFORE_OUTAGE) {
                Instant from = Instant.now();
                engine.outage(from, from.plus(outage));
                outageStart.set(now);
                drill.injected(
                    "every warehouse statement fails for %.1f s from now (after %d tasks"
                        + " succeeded)",
                    drill.outageSeconds(), TASKS_BEFORE_OUTAGE);
              } else if (outageStart.get() != 0 && task.status() != TaskStatus.SUCCEEDED) {
                firstFailure.compareAndSet(0, now);
              } else if (firstFailure.get() != 0 && task.status() == TaskStatus.SUCCEEDED) {
                firstSuccessAfter.compareAndSet(0, now);
              }
            }
          };
      BackfillRequest request = BackfillRequest.of(drill.partitions());
      RunRecord run = runs.create(runs.plan(request), request);
      RunResult result = runs.execute(run.id(), listener);
      long retried =
          result.tasks().stream()
              .filter(t -> t.attempts() > 1 && t.status() == TaskStatus.SUCCEEDED)
              .count();
      long failed = result.tasks().stream().filter(t -> t.status() == TaskStatus.FAILED).count();
      long upstreamFailed =
          result.tasks().stream().filter(t -> t.status() == TaskStatus.UPSTREAM_FAILED).count();
      drill.partita(
          "run %s %s: %d injected statement failures; %d tasks succeeded after retries, %d failed"
              + " after exhausting retries, %d upstream_failed",
          run.id(),
          result.status().lowerName(),
          engine.injectedFailures(),
          retried,
          failed,
          upstreamFailed);
      if (firstFailure.get() != 0) {
        drill.timing(
            "detect (outage start to the first failed attempt)",
            (firstFailure.get() - outageStart.get()) / 1e9);
      }
      Optional<String> finalRun = Optional.of(run.id());
      if (result.status() != RunStatus.SUCCEEDED) {
        BackfillRequest again =
            BackfillRequest.of(drill.partitions()).withReprocess(Reprocess.FAILED);
        RunRecord second = runs.create(runs.plan(again), again);
        RunResult retry = runs.execute(second.id(), RunListener.NONE);
        drill.partita(
            "partita backfill --partitions %s --reprocess failed: run %s %s with %d tasks",
            drill.partitions(), second.id(), retry.status().lowerName(), retry.tasks().size());
        finalRun = Optional.empty();
        if (retry.status() != RunStatus.SUCCEEDED) {
          return false;
        }
        BackfillRequest missing =
            BackfillRequest.of(drill.partitions()).withReprocess(Reprocess.MISSING);
        int stillMissing = runs.plan(missing).plan().size();
        if (stillMissing > 0) {
          // upstream_failed tasks leave their partitions missing, not failed: --reprocess failed
          // skips them.
          RunRecord third = runs.create(runs.plan(missing), missing);
          RunResult rest = runs.execute(third.id(), RunListener.NONE);
          drill.partita(
              "%d partitions were still missing (their tasks were upstream_failed, which"
                  + " --reprocess failed does not select): --reprocess missing: run %s %s",
              stillMissing, third.id(), rest.status().lowerName());
          if (rest.status() != RunStatus.SUCCEEDED) {
            return false;
          }
        }
        drill.timing(
            "recover (outage start to --reprocess failed done)",
            (System.nanoTime() - outageStart.get()) / 1e9);
      } else if (firstSuccessAfter.get() != 0) {
        drill.timing(
            "recover (outage start to the first task succeeding again)",
            (firstSuccessAfter.get() - outageStart.get()) / 1e9);
      }
      boolean ok = DrillEvidence.report(drill, workspace, finalRun);
      long notSucceeded =
          runs.plan(BackfillRequest.of(drill.partitions()).withReprocess(Reprocess.MISSING))
              .plan()
              .size();
      drill.evidence("partitions of %s not materialized: %d", drill.partitions(), notSucceeded);
      return ok && notSucceeded == 0 && engine.injectedFailures() > 0;
    }
  }
}
