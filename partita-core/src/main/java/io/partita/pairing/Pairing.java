package io.partita.pairing;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import java.util.Locale;

/**
 * Whether the state store and the warehouse describe the same data.
 *
 * @param problem what is wrong and the commands that fix it; empty unless {@link #outOfStep()}
 */
public record Pairing(Status status, String problem) {
  /** What the check found. */
  public enum Status {
    /** Each records the other. */
    IN_STEP,
    /** A fresh project, or one from before pairing, or nothing to lose: paired at the next open. */
    UNPAIRED,
    /** The state store records partitions that the warehouse (missing or another one) lacks. */
    WAREHOUSE_LOST,
    /** The warehouse holds published partitions that the state store (new or another one) lacks. */
    STATE_LOST;

    public String lowerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Pairing {
    requireNonNull(status, "status is null");
    requireNonNull(problem, "problem is null");
  }

  static Pairing inStep() {
    return new Pairing(Status.IN_STEP, "");
  }

  static Pairing unpaired() {
    return new Pairing(Status.UNPAIRED, "");
  }

  public boolean outOfStep() {
    return status == Status.WAREHOUSE_LOST || status == Status.STATE_LOST;
  }

  /** Throws the USER error that refuses to run while out of step; does nothing otherwise. */
  public void requireInStep() {
    if (outOfStep()) {
      throw PartitaException.user("State store and warehouse are out of step: %s", problem);
    }
  }
}
