package io.partita.web;

import io.partita.engine.Engine;
import java.util.function.Supplier;

/**
 * The DuckDB warehouse, opened while at least one run of this server needs it and closed when the
 * last one ends. DuckDB lets one process write a file; holding it only while runs execute lets
 * {@code partita backfill} in a terminal work while the dashboard is idle.
 */
final class WarehouseLease {
  private final Supplier<Engine> opener;
  private Engine engine;
  private int holders;

  WarehouseLease(Supplier<Engine> opener) {
    this.opener = opener;
  }

  /** Opens the warehouse on first use. Throws CONFLICT when another process holds it. */
  synchronized Engine acquire() {
    if (engine == null) {
      engine = opener.get();
    }
    holders++;
    return engine;
  }

  synchronized void release() {
    if (holders == 0) {
      throw new IllegalStateException("release without acquire");
    }
    holders--;
    if (holders == 0) {
      Engine closing = engine;
      engine = null;
      closing.close();
    }
  }

  synchronized boolean isOpen() {
    return engine != null;
  }
}
