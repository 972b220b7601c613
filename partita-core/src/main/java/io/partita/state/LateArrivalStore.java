package io.partita.state;

import java.util.List;

/** Late-arrival metrics, one record per (asset, partition, run). Every method is atomic. */
public interface LateArrivalStore {
  void record(LateArrivalRecord record);

  /**
   * The latest record of each of the {@code lastPartitions} newest partitions of {@code asset},
   * oldest partition first.
   */
  List<LateArrivalRecord> latest(String asset, int lastPartitions);

  /** Every record of {@code asset} and {@code partition}, in the order they were recorded. */
  List<LateArrivalRecord> history(String asset, String partition);
}
