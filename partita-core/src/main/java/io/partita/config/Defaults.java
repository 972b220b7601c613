package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.model.WriteMode;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code defaults:} section. Safe defaults when absent: concurrency 2, retries 2, backoff 30s,
 * timeout 1h, overwrite, no audit columns.
 */
public record Defaults(
    int concurrency,
    int retries,
    Duration retryBackoff,
    Duration timeout,
    WriteMode writeMode,
    Optional<String> timeColumn,
    boolean auditColumns) {
  public static final Defaults SAFE =
      new Defaults(2, 2, Duration.ofSeconds(30), Duration.ofHours(1), WriteMode.OVERWRITE, Optional.empty(), false);

  public Defaults {
    requireNonNull(retryBackoff, "retryBackoff is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(writeMode, "writeMode is null");
    requireNonNull(timeColumn, "timeColumn is null");
  }
}
