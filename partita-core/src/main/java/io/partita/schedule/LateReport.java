package io.partita.schedule;

import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.ScheduleSpec;
import io.partita.state.LateArrivalRecord;
import io.partita.state.LateArrivalStore;
import io.partita.state.Lateness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per asset with an {@code arrival_column}: late rate per partition, lateness percentiles, the
 * watermark delay that would have captured {@code target} of the rows, and the lookback that would
 * have captured the rest. Partitions are combined by their stored lateness quantiles, weighted by
 * row count, so the advice holds across partitions, not just on average.
 */
public final class LateReport {
  private LateReport() {}

  /**
   * One asset's report. Durations are whole seconds.
   *
   * @param lateness percentiles over all rows of the partitions, combined by their quantiles
   * @param current the schedule's watermark delay and lookback today
   * @param recommended the delay that would have captured the target share of rows (empty without
   *     rows) and the lookback that would have captured the rest
   */
  public record AssetReport(
      String asset,
      List<LateArrivalRecord> partitions,
      long rowsTotal,
      long rowsLate,
      Lateness lateness,
      Watermark current,
      Advice recommended) {
    public double lateRate() {
      return rowsTotal == 0 ? 0.0 : (double) rowsLate / rowsTotal;
    }
  }

  /** A schedule's watermark delay and lookback (partitions re-run after their first run). */
  public record Watermark(Duration delay, int lookback) {}

  /** A recommended watermark: the delay is empty when no partition has rows. */
  public record Advice(Optional<Duration> delay, int lookback) {}

  public static List<AssetReport> build(
      Pipeline pipeline,
      LateArrivalStore store,
      List<String> assets,
      int lastPartitions,
      double target) {
    if (!(target > 0 && target <= 1)) {
      throw io.partita.PartitaException.user(
          "--target must be in (0, 1], e.g. 0.99; got %s", target);
    }
    Duration delay = pipeline.schedule().map(ScheduleSpec::watermarkDelay).orElse(Duration.ZERO);
    int lookback = pipeline.schedule().map(ScheduleSpec::lookback).orElse(0);
    List<AssetReport> reports = new ArrayList<>();
    for (String name : assets) {
      AssetDefinition asset = pipeline.asset(name);
      if (asset.arrivalColumn().isEmpty()) {
        continue;
      }
      List<LateArrivalRecord> records = store.latest(name, lastPartitions);
      long total = records.stream().mapToLong(r -> r.rows().total()).sum();
      long late = records.stream().mapToLong(r -> r.rows().late()).sum();
      Optional<Duration> recommended = quantile(records, target).map(LateReport::ceilToHour);
      Optional<Double> max = quantile(records, 1.0);
      Duration grain = nominalLength(asset.grain());
      int recommendedLookback = 0;
      if (recommended.isPresent() && max.isPresent()) {
        // A scheduled run for partition D + k runs at end(D) + k grains + delay and re-runs D when
        // k <= lookback: rows later than the delay are caught by the k-th run after D.
        double rest = max.get() - recommended.get().toSeconds();
        recommendedLookback = rest <= 0 ? 0 : (int) Math.ceil(rest / grain.toSeconds());
      }
      reports.add(
          new AssetReport(
              name,
              records,
              total,
              late,
              new Lateness(
                  quantile(records, 0.5), quantile(records, 0.95), quantile(records, 0.99), max),
              new Watermark(delay, lookback),
              new Advice(recommended, recommendedLookback)));
    }
    return reports;
  }

  /**
   * The lateness (seconds) below which a share {@code q} of all rows of the partitions fall: the
   * smallest stored quantile value {@code d} with {@code sum(rows_i * F_i(d)) >= q * sum(rows_i)}.
   */
  static Optional<Double> quantile(List<LateArrivalRecord> records, double q) {
    long total = 0;
    List<Double> candidates = new ArrayList<>();
    for (LateArrivalRecord record : records) {
      if (record.latenessQuantiles().isEmpty()) {
        continue;
      }
      total += record.rows().total();
      candidates.addAll(record.latenessQuantiles());
    }
    if (total == 0) {
      return Optional.empty();
    }
    candidates.sort(Double::compare);
    for (double candidate : candidates) {
      double captured = 0;
      for (LateArrivalRecord record : records) {
        if (!record.latenessQuantiles().isEmpty()) {
          captured += record.rows().total() * share(record.latenessQuantiles(), candidate);
        }
      }
      if (captured >= q * total - 1e-9) {
        return Optional.of(candidate);
      }
    }
    return Optional.of(candidates.get(candidates.size() - 1));
  }

  /** F(d): the share of a partition's rows with lateness <= d, from its 101 quantiles. */
  private static double share(List<Double> quantiles, double lateness) {
    int last = quantiles.size() - 1;
    if (lateness >= quantiles.get(last)) {
      return 1.0;
    }
    int at = 0;
    while (at < last && quantiles.get(at + 1) <= lateness) {
      at++;
    }
    return quantiles.get(0) > lateness ? 0.0 : (double) at / last;
  }

  private static Duration nominalLength(io.partita.model.Grain grain) {
    return switch (grain) {
      case HOUR -> Duration.ofHours(1);
      case DAY -> Duration.ofDays(1);
      case WEEK -> Duration.ofDays(7);
      case MONTH -> Duration.ofDays(30);
    };
  }

  private static Duration ceilToHour(double seconds) {
    long hours = (long) Math.ceil(seconds / 3600.0);
    return Duration.ofHours(hours);
  }
}
