package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A registered worker process.
 *
 * @param name unique among the workers of a state store; a restarted worker may reuse its name
 * @param slots how many tasks it executes at once
 * @param tasksDone claimed tasks this registration saw to their end (succeeded, failed or
 *     cancelled), not counting the ones handed back to the queue
 */
public record WorkerRecord(
    String name,
    String host,
    long pid,
    int slots,
    Lifetime lifetime,
    WorkerState state,
    long tasksDone) {
  public WorkerRecord {
    requireNonNull(name, "name is null");
    requireNonNull(host, "host is null");
    requireNonNull(lifetime, "lifetime is null");
    requireNonNull(state, "state is null");
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1: " + slots);
    }
    if (tasksDone < 0) {
      throw new IllegalArgumentException("tasksDone must not be negative: " + tasksDone);
    }
  }

  /** When the worker started, last proved alive, and stopped (if it did). */
  public record Lifetime(Instant startedAt, Instant heartbeatAt, Optional<Instant> stoppedAt) {
    public Lifetime {
      requireNonNull(startedAt, "startedAt is null");
      requireNonNull(heartbeatAt, "heartbeatAt is null");
      requireNonNull(stoppedAt, "stoppedAt is null");
    }
  }

  /** A live worker that has just started. */
  public static WorkerRecord starting(String name, String host, long pid, int slots, Instant now) {
    return new WorkerRecord(
        name, host, pid, slots, new Lifetime(now, now, Optional.empty()), WorkerState.LIVE, 0);
  }
}
