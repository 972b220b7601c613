package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What an attempt read, wrote and was judged on.
 *
 * @param status the task's status when the row was written ({@code running} for START rows)
 * @param rowsRead rows of the input partitions, as recorded when they were written
 */
public record AuditOutcome(
    String status,
    List<AuditInput> inputs,
    Optional<Long> rowsRead,
    Optional<Long> rowsWritten,
    List<AuditCheck> checks,
    Optional<String> error) {
  public AuditOutcome {
    requireNonNull(status, "status is null");
    inputs = List.copyOf(inputs);
    requireNonNull(rowsRead, "rowsRead is null");
    requireNonNull(rowsWritten, "rowsWritten is null");
    checks = List.copyOf(checks);
    requireNonNull(error, "error is null");
  }
}
