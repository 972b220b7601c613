package io.partita.state;

import java.util.List;

/** The latest state of every (asset, partition) that any run touched. */
public interface PartitionStore {
  /** Inserts or replaces the state of (asset, partition). */
  void put(PartitionState state);

  /** All partitions of {@code asset} with a state, ascending by key. */
  List<PartitionState> list(String asset);

  /**
   * Partitions of {@code asset} with {@code first <= key <= last} (keys compare as strings of one
   * grain).
   */
  List<PartitionState> list(String asset, String first, String last);
}
