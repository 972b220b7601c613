package io.partita.exec;

import io.partita.config.AssetDefinition;
import io.partita.config.BatchSize;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How many partitions the next batch of an asset takes. A fixed {@code batch_size: N} is N. {@code
 * auto} aims at {@link #TARGET_MILLIS} per batch from the time one partition takes: measured on
 * this run's finished batches (a moving average), before the first one from past runs' task
 * durations (the history the run-time estimate reads, a batch's time shared by its partitions), and
 * {@link #FIRST_GUESS} without any history. Coordinator thread only.
 */
final class BatchSizer {
  /** One batch should take about this long: long enough to pay off, short enough to spread. */
  static final long TARGET_MILLIS = 1_500;

  /** The most partitions of one batch, whatever the measurements say. */
  static final int MAX_BATCH = 1_000;

  /** Partitions in the first batch of an {@code auto} asset that never ran. */
  static final int FIRST_GUESS = 8;

  private static final int RECENT_RUNS = 20;

  private final StateStore state;
  private final int maxParallel;
  private final Map<String, Double> millisPerPartition = new HashMap<>();
  private Map<String, Double> history;

  BatchSizer(StateStore state, int maxParallel) {
    this.state = state;
    this.maxParallel = maxParallel;
  }

  /**
   * The size of the next batch of {@code asset}; {@code ready} partitions of it wait. An automatic
   * size leaves work for every one of the run's parallel slots rather than taking it all at once.
   */
  int next(AssetDefinition asset, int ready) {
    BatchSize size = asset.batchSize();
    if (!size.auto()) {
      return size.fixed();
    }
    Double perPartition = millisPerPartition.get(asset.name());
    if (perPartition == null) {
      perPartition = history().get(asset.name());
    }
    int wanted =
        perPartition == null
            ? FIRST_GUESS
            : (int) Math.min(MAX_BATCH, TARGET_MILLIS / Math.max(0.1, perPartition));
    int spread = (ready + maxParallel - 1) / maxParallel;
    return Math.max(1, Math.min(wanted, spread));
  }

  /** A batch of {@code partitions} partitions of the asset took {@code elapsed}. */
  void observe(String asset, int partitions, Duration elapsed) {
    double perPartition = (double) elapsed.toMillis() / partitions;
    millisPerPartition.merge(asset, perPartition, (old, now) -> 0.5 * old + 0.5 * now);
  }

  /** Mean duration of a succeeded task per asset over recent runs; read once, on first need. */
  private Map<String, Double> history() {
    if (history == null) {
      Map<String, long[]> sums = new HashMap<>();
      for (RunRecord run : state.runs().list(RECENT_RUNS)) {
        TaskDurations.perPartition(
            state.tasks().list(run.id()),
            (asset, millis) -> {
              long[] sum = sums.computeIfAbsent(asset, a -> new long[2]);
              sum[0] += millis;
              sum[1]++;
            });
      }
      history = new HashMap<>();
      sums.forEach((asset, sum) -> history.put(asset, (double) sum[0] / sum[1]));
    }
    return history;
  }
}
