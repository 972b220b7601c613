package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.model.OnSchemaChange;
import io.partita.model.WriteMode;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code defaults:} section. Safe defaults when absent: concurrency 2, retries 2, backoff 30s,
 * timeout 1h, overwrite, no audit columns, at most 100,000 partitions per run, new columns
 * appended.
 *
 * @param maxPartitionsPerRun the most partitions one backfill or plan may cover (counted in the
 *     requested range, before anything is enumerated); {@code --max-partitions} overrides it
 */
public record Defaults(
    int concurrency,
    AttemptPolicy attempts,
    WriteMode writeMode,
    Optional<String> timeColumn,
    boolean auditColumns,
    int maxPartitionsPerRun,
    OnSchemaChange onSchemaChange) {
  public static final int MAX_PARTITIONS_PER_RUN = 100_000;
  public static final Defaults SAFE =
      new Defaults(
          2,
          new AttemptPolicy(2, Duration.ofSeconds(30), Duration.ofHours(1)),
          WriteMode.OVERWRITE,
          Optional.empty(),
          false,
          MAX_PARTITIONS_PER_RUN,
          OnSchemaChange.APPEND_NEW_COLUMNS);

  public Defaults {
    requireNonNull(attempts, "attempts is null");
    requireNonNull(writeMode, "writeMode is null");
    requireNonNull(timeColumn, "timeColumn is null");
    requireNonNull(onSchemaChange, "onSchemaChange is null");
    if (maxPartitionsPerRun < 1) {
      throw new IllegalArgumentException("maxPartitionsPerRun must be at least 1");
    }
  }

  public int retries() {
    return attempts.retries();
  }

  public Duration retryBackoff() {
    return attempts.retryBackoff();
  }

  public Duration timeout() {
    return attempts.timeout();
  }
}
