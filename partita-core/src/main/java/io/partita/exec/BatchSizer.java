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
 * {@link #FIRST_GUESS} without any history. Small partitions are batched further, up to {@link
 * #ROWS_STRETCH} times that, until a batch holds the rows the warehouse writes efficiently at once
 * (DuckDB: two row groups; measured on this run's finished batches). Coordinator thread only.
 */
final class BatchSizer {
  /** One batch should take about this long: long enough to pay off, short enough to spread. */
  static final long TARGET_MILLIS = 1_500;

  /** The most partitions of one batch, whatever the measurements say. */
  static final int MAX_BATCH = 1_000;

  /** Partitions in the first batch of an {@code auto} asset that never ran. */
  static final int FIRST_GUESS = 8;

  /** How far the row target may stretch a batch beyond the time target. */
  static final int ROWS_STRETCH = 4;

  private static final int RECENT_RUNS = 20;

  private final StateStore state;
  private final int maxParallel;
  private final long batchRows;
  private final Map<String, Double> millisPerPartition = new HashMap<>();
  private final Map<String, Double> rowsPerPartition = new HashMap<>();
  private Map<String, Double> history;

  /**
   * @param batchRows rows the warehouse writes efficiently in one batch, 0 for no such target
   */
  BatchSizer(StateStore state, int maxParallel, long batchRows) {
    this.state = state;
    this.maxParallel = maxParallel;
    this.batchRows = batchRows;
  }

  /**
   * The size of the next batch of {@code asset}; {@code ready} partitions of it wait. An automatic
   * size leaves work for every one of the run's parallel slots rather than taking it all at once.
   */
  int next(AssetDefinition asset, int ready) {
    return next(asset.name(), asset.batchSize(), ready);
  }

  int next(String asset, BatchSize size, int ready) {
    if (!size.auto()) {
      return size.fixed();
    }
    Double perPartition = millisPerPartition.get(asset);
    if (perPartition == null) {
      perPartition = history().get(asset);
    }
    int wanted =
        perPartition == null
            ? FIRST_GUESS
            : (int) Math.min(MAX_BATCH, TARGET_MILLIS / Math.max(0.1, perPartition));
    Double rows = rowsPerPartition.get(asset);
    if (batchRows > 0 && rows != null) {
      long forRows = (long) Math.ceil(batchRows / Math.max(1.0, rows));
      wanted =
          (int)
              Math.min(
                  MAX_BATCH, Math.max(wanted, Math.min(forRows, (long) ROWS_STRETCH * wanted)));
    }
    int spread = (ready + maxParallel - 1) / maxParallel;
    return Math.max(1, Math.min(wanted, spread));
  }

  /**
   * A batch of {@code partitions} partitions of the asset wrote {@code rows} in {@code elapsed}.
   */
  void observe(String asset, int partitions, Duration elapsed, long rows) {
    double perPartition = (double) elapsed.toMillis() / partitions;
    millisPerPartition.merge(asset, perPartition, (old, now) -> 0.5 * old + 0.5 * now);
    rowsPerPartition.merge(asset, (double) rows / partitions, (old, now) -> 0.5 * old + 0.5 * now);
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
