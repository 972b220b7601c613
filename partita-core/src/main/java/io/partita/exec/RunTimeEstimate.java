package io.partita.exec;

import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Estimates how long a plan takes from the durations of past tasks: mean duration per asset over
 * recent runs, then a list-scheduling simulation of the plan on {@code maxParallel} workers that
 * respects dependencies.
 */
public final class RunTimeEstimate {
  private static final int RECENT_RUNS = 20;

  private RunTimeEstimate() {}

  /** Empty when no task ever succeeded (no history). */
  public static Optional<Estimate> estimate(StateStore state, Plan plan, int maxParallel) {
    Map<String, long[]> sums = new HashMap<>(); // asset -> {total millis, count}
    long total = 0;
    long count = 0;
    for (RunRecord run : state.runs().list(RECENT_RUNS)) {
      long[] totals = {0, 0};
      TaskDurations.perPartition(
          state.tasks().list(run.id()),
          (asset, millis) -> {
            long[] sum = sums.computeIfAbsent(asset, a -> new long[2]);
            sum[0] += millis;
            sum[1]++;
            totals[0] += millis;
            totals[1]++;
          });
      total += totals[0];
      count += totals[1];
    }
    if (count == 0) {
      return Optional.empty();
    }
    long fallback = total / count;
    long[] finish = new long[plan.size()];
    PriorityQueue<Long> workers = new PriorityQueue<>();
    // Workers beyond one per task never get work: simulating them would only cost time.
    for (int i = 0; i < Math.min(maxParallel, plan.size()); i++) {
      workers.add(0L);
    }
    long end = 0;
    for (TaskNode task : plan.tasks()) {
      long ready = 0;
      for (int upstream : task.upstream()) {
        ready = Math.max(ready, finish[upstream]);
      }
      long[] sum = sums.get(task.asset());
      long duration = sum == null ? fallback : sum[0] / sum[1];
      long start = Math.max(ready, workers.poll());
      finish[task.id()] = start + duration;
      workers.add(finish[task.id()]);
      end = Math.max(end, finish[task.id()]);
    }
    return Optional.of(new Estimate(Duration.ofMillis(end), count));
  }

  /** The estimated wall time and how many past task durations it rests on. */
  public record Estimate(Duration duration, long samples) {}
}
