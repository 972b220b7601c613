package io.partita.state;

import java.util.List;

/**
 * The append-only audit log of task attempts. There is deliberately no method that changes or
 * removes a row: what happened stays recorded.
 */
public interface AuditStore {
  /**
   * Appends a row (and its inputs) in one durable transaction and returns its id. When this
   * returns, the row survives a crash of the process.
   */
  long append(AuditRecord record);

  /** Matching rows, oldest first. */
  List<AuditRecord> list(AuditQuery query);

  /** END rows of attempts that read {@code partition} of {@code asset}, oldest first. */
  List<AuditRecord> readersOf(String asset, String partition);
}
