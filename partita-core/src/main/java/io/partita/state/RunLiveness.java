package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Who executes a run right now and what it has been asked to do.
 *
 * @param owner {@code host:pid} of the process executing it, empty when none
 * @param heartbeatAt the owner's last sign of life; a RUNNING run with a stale heartbeat has died
 * @param control a pause or cancel the owner has yet to act on
 */
public record RunLiveness(
    Optional<String> owner, Optional<Instant> heartbeatAt, ControlRequest control) {
  /** Nobody executes the run and nothing was asked. */
  public static final RunLiveness NONE =
      new RunLiveness(Optional.empty(), Optional.empty(), ControlRequest.NONE);

  public RunLiveness {
    requireNonNull(owner, "owner is null");
    requireNonNull(heartbeatAt, "heartbeatAt is null");
    requireNonNull(control, "control is null");
  }
}
