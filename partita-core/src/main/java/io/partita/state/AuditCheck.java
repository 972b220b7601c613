package io.partita.state;

import static java.util.Objects.requireNonNull;

/** A check's verdict as kept in the audit log: {@code outcome} is passed|warned|failed|skipped. */
public record AuditCheck(String name, String severity, String outcome, String message) {
  public AuditCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(message, "message is null");
  }
}
