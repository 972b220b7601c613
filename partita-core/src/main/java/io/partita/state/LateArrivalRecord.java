package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Late-arrival metrics of one materialization of one partition.
 *
 * @param rowsLate rows whose arrival time is after the partition's watermark (end + delay)
 * @param latenessP50Seconds lateness relative to the partition end (0 for rows that arrived before
 *     the end); empty when the partition has no rows
 * @param rowsAdded rows of this write that the published partition did not have (by unique key, or
 *     by whole row without one)
 * @param rowsChanged with a unique key: rows whose key was published with other values; without
 *     one: published rows that this write no longer has
 * @param latenessQuantiles lateness in seconds at quantiles 0.00, 0.01, ..., 1.00 (101 values;
 *     empty for an empty partition), so reports can combine partitions for any target
 */
public record LateArrivalRecord(
    String asset,
    String partition,
    String runId,
    long rowsTotal,
    long rowsLate,
    Optional<Double> latenessP50Seconds,
    Optional<Double> latenessP95Seconds,
    Optional<Double> latenessP99Seconds,
    Optional<Double> latenessMaxSeconds,
    long rowsAdded,
    long rowsChanged,
    Instant recordedAt,
    List<Double> latenessQuantiles) {
  public LateArrivalRecord {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(latenessP50Seconds, "latenessP50Seconds is null");
    requireNonNull(latenessP95Seconds, "latenessP95Seconds is null");
    requireNonNull(latenessP99Seconds, "latenessP99Seconds is null");
    requireNonNull(latenessMaxSeconds, "latenessMaxSeconds is null");
    requireNonNull(recordedAt, "recordedAt is null");
    latenessQuantiles = List.copyOf(latenessQuantiles);
  }

  /** Share of rows that arrived after the watermark, 0 for an empty partition. */
  public double lateRate() {
    return rowsTotal == 0 ? 0.0 : (double) rowsLate / rowsTotal;
  }
}
