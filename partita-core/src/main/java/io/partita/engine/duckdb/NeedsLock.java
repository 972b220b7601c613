package io.partita.engine.duckdb;

/** Thrown by a publish without the table lock before it would delete rows or change columns. */
final class NeedsLock extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NeedsLock() {
    super("needs the table lock", null, false, false);
  }
}
