package io.partita.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a task's attempts run: how often a failed one is retried, how long to wait between them, and
 * how long one may take.
 */
public record AttemptPolicy(int retries, Duration retryBackoff, Duration timeout) {
  public AttemptPolicy {
    requireNonNull(retryBackoff, "retryBackoff is null");
    requireNonNull(timeout, "timeout is null");
  }
}
