package io.partita.pairing;

import io.partita.engine.Engine;
import io.partita.engine.WarehouseIdentity;
import io.partita.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tells whether the state store and the warehouse still describe the same data. Each records the
 * other's id when a command first opens the warehouse; a deleted, replaced or
 * restored-from-elsewhere file then shows as an id that does not match, or as a missing file.
 *
 * <p>Nothing is lost, and the two are simply (re)paired, when the side that disappeared held
 * nothing: a state store with no succeeded partitions, or a warehouse with an empty publish log.
 */
public final class PairingCheck {
  private static final String FORGET =
      "`partita repair --forget-warehouse` to mark them missing so that"
          + " `partita backfill --reprocess missing` rebuilds them";
  private static final String FROM_WAREHOUSE =
      "`partita repair --from-warehouse` to rebuild the partition states from the warehouse's"
          + " publish log";

  private final Path stateFile;
  private final Path warehouseFile;
  private final java.util.function.BooleanSupplier warehouseExists;

  /** The files are only named in messages, and the warehouse file tested for existence. */
  public PairingCheck(Path stateFile, Path warehouseFile) {
    this(stateFile, warehouseFile, () -> Files.exists(warehouseFile));
  }

  /**
   * For a warehouse that is not a file (a database server): {@code warehouseExists} asks its
   * provider whether it has been created; the paths only name the two in messages.
   */
  public PairingCheck(
      Path stateFile, Path warehouseFile, java.util.function.BooleanSupplier warehouseExists) {
    this.stateFile = stateFile;
    this.warehouseFile = warehouseFile;
    this.warehouseExists = warehouseExists;
  }

  /**
   * The check every command can afford at start: it reads the warehouse (through {@code peek},
   * read-only) only when the state store cannot vouch for it, i.e. when the store is not paired yet
   * and the warehouse file exists. {@code peek} answers empty when the warehouse is held by another
   * process; that process checked the pairing when it opened it.
   */
  public Pairing atStart(StateStore state, Supplier<Optional<WarehouseIdentity>> peek) {
    if (!warehouseExists.getAsBoolean()) {
      return judge(state, Optional.empty());
    }
    if (state.identity().warehouseId().isPresent()) {
      return Pairing.inStep(); // the ids are compared when a command opens the warehouse
    }
    return peek.get()
        .map(identity -> judge(state, Optional.of(identity)))
        .orElse(Pairing.unpaired());
  }

  /** The full check: {@code warehouse} is empty when the warehouse file does not exist. */
  public Pairing judge(StateStore state, Optional<WarehouseIdentity> warehouse) {
    Optional<String> pairedWarehouse = state.identity().warehouseId();
    if (warehouse.isEmpty()) {
      long succeeded = state.identity().succeededPartitions();
      if (succeeded == 0) {
        return Pairing.unpaired();
      }
      return new Pairing(
          Pairing.Status.WAREHOUSE_LOST,
          String.format(
              "the warehouse %s is missing, but the state store %s records %d succeeded partitions in"
                  + " it. Restore the file, or run %s",
              warehouseFile, stateFile, succeeded, FORGET));
    }
    WarehouseIdentity identity = warehouse.get();
    String stateId = state.identity().stateId();
    if (pairedWarehouse.isPresent()) {
      if (!pairedWarehouse.equals(identity.warehouseId())) {
        // Counted only here: the partitions table may be large, and this is not the common path.
        long succeeded = state.identity().succeededPartitions();
        return succeeded == 0
            ? Pairing.unpaired()
            : new Pairing(
                Pairing.Status.WAREHOUSE_LOST,
                String.format(
                    "the warehouse %s is not the one the state store %s recorded %d succeeded"
                        + " partitions in (warehouse id %s, expected %s). Restore the original"
                        + " warehouse, or run %s, or %s",
                    warehouseFile,
                    stateFile,
                    succeeded,
                    identity.warehouseId().orElse("none"),
                    pairedWarehouse.get(),
                    FROM_WAREHOUSE,
                    FORGET));
      }
      if (identity.stateId().isPresent()
          && !identity.stateId().get().equals(stateId)
          && identity.publishes() > 0) {
        return stateLost(identity, "was last written with another state store");
      }
      return Pairing.inStep();
    }
    if (identity.publishes() == 0 || identity.stateId().equals(Optional.of(stateId))) {
      return Pairing.unpaired();
    }
    if (identity.stateId().isPresent()) {
      return stateLost(identity, "was written with another state store (deleted or replaced)");
    }
    // A warehouse from before pairing: its own state store has runs; a new empty one does not.
    boolean fresh = state.runs().list(1).isEmpty();
    return fresh
        ? stateLost(identity, "was written before this state store was created")
        : Pairing.unpaired();
  }

  /**
   * Opens the warehouse for a command that may write to it: refuses (USER error, nothing opened or
   * created) when the two are out of step; otherwise records each in the other and returns it.
   */
  public Engine openPaired(StateStore state, Supplier<Engine> opener) {
    if (!warehouseExists.getAsBoolean()) {
      judge(state, Optional.empty()).requireInStep(); // before the open creates an empty one
    }
    Engine engine = opener.get();
    try {
      judge(state, Optional.of(engine.identity())).requireInStep();
      pair(state, engine);
      return engine;
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /** Records each in the other (after a check, or a repair). */
  public static void pair(StateStore state, Engine engine) {
    WarehouseIdentity identity = engine.identity();
    String warehouseId =
        identity
            .warehouseId()
            .orElseThrow(() -> new IllegalStateException("A writable warehouse always has an id"));
    if (!state.identity().warehouseId().equals(Optional.of(warehouseId))) {
      state.identity().pairWarehouse(warehouseId);
    }
    String stateId = state.identity().stateId();
    if (!identity.stateId().equals(Optional.of(stateId))) {
      engine.pairState(stateId);
    }
  }

  private Pairing stateLost(WarehouseIdentity identity, String why) {
    return new Pairing(
        Pairing.Status.STATE_LOST,
        String.format(
            "the warehouse %s records %d publishes and %s, so the state store %s does not"
                + " describe it. Restore the state file, or run %s",
            warehouseFile, identity.publishes(), why, stateFile, FROM_WAREHOUSE));
  }
}
