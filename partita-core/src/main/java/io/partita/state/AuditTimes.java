package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** When an attempt started and ended, and when its audit row was written. */
public record AuditTimes(Instant startedAt, Optional<Instant> finishedAt, Instant recordedAt) {
  public AuditTimes {
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(recordedAt, "recordedAt is null");
  }
}
