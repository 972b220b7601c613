package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * Late-arrival metrics of one materialization of one partition.
 *
 * @param rows total, late, added and changed rows
 * @param lateness lateness percentiles relative to the partition end; empty for no rows
 * @param latenessQuantiles lateness in seconds at quantiles 0.00, 0.01, ..., 1.00 (101 values;
 *     empty for an empty partition), so reports can combine partitions for any target
 */
public record LateArrivalRecord(
    String asset,
    String partition,
    String runId,
    LateRows rows,
    Lateness lateness,
    List<Double> latenessQuantiles,
    Instant recordedAt) {
  public LateArrivalRecord {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(rows, "rows is null");
    requireNonNull(lateness, "lateness is null");
    latenessQuantiles = List.copyOf(latenessQuantiles);
    requireNonNull(recordedAt, "recordedAt is null");
  }

  /** Share of rows that arrived after the watermark, 0 for an empty partition. */
  public double lateRate() {
    return rows.total() == 0 ? 0.0 : (double) rows.late() / rows.total();
  }
}
