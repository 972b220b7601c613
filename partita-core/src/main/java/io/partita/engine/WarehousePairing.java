package io.partita.engine;

/**
 * Ties a warehouse to the state store that describes it, so that a state store or warehouse swapped
 * behind Partita's back is noticed (see {@link WarehouseIdentity}). Thread-safe.
 */
public interface WarehousePairing {
  /** Who this warehouse is and which state store it is paired with. */
  WarehouseIdentity identity();

  /** Records the state store whose partition states describe this warehouse. Idempotent. */
  void pairState(String stateId);
}
