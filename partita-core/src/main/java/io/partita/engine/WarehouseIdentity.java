package io.partita.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a warehouse says about itself, for the pairing check against the state store.
 *
 * @param warehouseId made when the warehouse is created; empty for a warehouse from before ids that
 *     was only opened read-only since
 * @param stateId the state store that last paired with this warehouse, if any
 * @param publishes entries in the publish log (publishes and restores)
 */
public record WarehouseIdentity(
    Optional<String> warehouseId, Optional<String> stateId, long publishes) {
  public WarehouseIdentity {
    requireNonNull(warehouseId, "warehouseId is null");
    requireNonNull(stateId, "stateId is null");
  }
}
