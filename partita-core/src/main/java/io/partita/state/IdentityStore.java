package io.partita.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who this state store is and which warehouse its partition states describe. The warehouse records
 * the mirror image, so that losing or replacing either one is noticed (see {@code
 * io.partita.pairing.PairingCheck}).
 */
public interface IdentityStore {
  /** Made once, when the store is created; never changes. */
  String stateId();

  /** The warehouse the partition states describe; empty until a command first opens one. */
  Optional<String> warehouseId();

  /** How many partitions of live versions are recorded as succeeded. */
  long succeededPartitions();

  /** Records the warehouse the partition states describe, replacing any earlier one. */
  void pairWarehouse(String warehouseId);

  /**
   * In one transaction: inserts or replaces {@code states} in the partitions store and pairs the
   * store with {@code warehouseId}. Used to rebuild states from a warehouse's publish log.
   */
  void rebuild(String warehouseId, List<PartitionState> states);

  /**
   * In one transaction: every partition that is not already missing becomes missing (its rows and
   * snapshot forgotten), and the store is paired with {@code warehouseId}. Returns how many
   * partitions changed. Used when the warehouse that held them is lost.
   */
  int forgetWarehouse(String warehouseId, Instant at);
}
