package io.partita.exec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a worker runs.
 *
 * @param name unique among the live workers of the state store
 * @param slots how many tasks it executes at once
 * @param timeout a worker whose heartbeat is older is declared dead ({@code worker_timeout})
 * @param grace how long a stopping worker lets its running tasks finish before it hands them back
 */
public record WorkerSettings(String name, int slots, Duration timeout, Duration grace) {
  public WorkerSettings {
    requireNonNull(name, "name is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(grace, "grace is null");
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1: " + slots);
    }
  }

  /** Heartbeats come several times per timeout, so one slow write never gets a worker declared. */
  public Duration heartbeatInterval() {
    return timeout.dividedBy(6);
  }
}
