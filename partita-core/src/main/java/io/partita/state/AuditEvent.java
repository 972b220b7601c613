package io.partita.state;

import java.util.Locale;

/** Which end of a task attempt an audit row records. */
public enum AuditEvent {
  /** Written before the attempt does any work, so a crash cannot lose it. */
  START,
  /** Written once the attempt's outcome is stored (after publish when it published). */
  END;

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
