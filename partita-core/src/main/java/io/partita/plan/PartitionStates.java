package io.partita.plan;

import io.partita.model.PartitionKey;

/**
 * What the planner needs to know about partitions outside the run: were they written, did they
 * fail.
 */
public interface PartitionStates {
  boolean isMaterialized(String asset, PartitionKey partition);

  boolean isFailed(String asset, PartitionKey partition);

  /** Nothing was ever written: every upstream outside the run is missing. */
  PartitionStates EMPTY =
      new PartitionStates() {
        @Override
        public boolean isMaterialized(String asset, PartitionKey partition) {
          return false;
        }

        @Override
        public boolean isFailed(String asset, PartitionKey partition) {
          return false;
        }
      };
}
