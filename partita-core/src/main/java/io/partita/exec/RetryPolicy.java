package io.partita.exec;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how long to wait before retrying a failed attempt: exponential backoff from {@code
 * backoff}, capped at {@code maxBackoff}, with ±20% jitter so retries of many partitions do not hit
 * the warehouse in lockstep.
 */
public record RetryPolicy(int retries, Duration backoff, Duration maxBackoff) {
  public static final Duration DEFAULT_CAP = Duration.ofMinutes(10);

  public RetryPolicy {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
  }

  /**
   * The delay before attempt {@code failedAttempts + 1}, after {@code failedAttempts} failures (>=
   * 1).
   */
  public Duration delayAfter(int failedAttempts, RandomGenerator random) {
    long base = backoff.toMillis();
    int shift = Math.min(Math.max(failedAttempts - 1, 0), 30);
    long exponential = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
    long capped = Math.min(exponential, maxBackoff.toMillis());
    double jitter = 0.8 + 0.4 * random.nextDouble();
    return Duration.ofMillis(Math.round(capped * jitter));
  }
}
