package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One check's verdict on one attempt of one partition, as stored. The flat accessors read through
 * to the subject and the verdict.
 *
 * @param quarantine the relation holding the rows that failed to publish, when the check blocked it
 * @param sample a few offending rows as text (header line, then one line per row), when the check
 *     can point at rows
 */
public record CheckRecord(
    CheckSubject subject,
    CheckVerdict verdict,
    Optional<String> quarantine,
    Optional<String> sample,
    Instant createdAt) {
  public CheckRecord {
    requireNonNull(subject, "subject is null");
    requireNonNull(verdict, "verdict is null");
    requireNonNull(quarantine, "quarantine is null");
    requireNonNull(sample, "sample is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  public String runId() {
    return subject.runId();
  }

  public String asset() {
    return subject.asset();
  }

  public String partition() {
    return subject.partition();
  }

  public int attempt() {
    return subject.attempt();
  }

  /** The version of the asset the check judged ({@code v1}, {@code v2}, ...). */
  public String version() {
    return subject.version();
  }

  public String check() {
    return verdict.check();
  }

  public String severity() {
    return verdict.severity();
  }

  /** {@code passed|warned|failed|skipped}. */
  public String outcome() {
    return verdict.outcome();
  }

  public Optional<Double> metric() {
    return verdict.metric();
  }

  public String threshold() {
    return verdict.threshold();
  }

  public String message() {
    return verdict.message();
  }
}
