package io.partita.backend;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * How to open a warehouse.
 *
 * @param readOnly true for queries and peeks: nothing is created or written, and other readers are
 *     not locked out
 * @param clock the time publishes and backups are stamped with
 */
public record EngineOptions(boolean readOnly, Clock clock) {
  public EngineOptions {
    requireNonNull(clock, "clock is null");
  }

  public static EngineOptions forWriting(Clock clock) {
    return new EngineOptions(false, clock);
  }

  public static EngineOptions forReading() {
    return new EngineOptions(true, Clock.systemUTC());
  }
}
