package io.partita.web.project;

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
  private WarehouseListener listener;

  WarehouseLease(Supplier<Engine> opener) {
    this.opener = opener;
  }

  /** Opens the warehouse on first use. Throws CONFLICT when another process holds it. */
  synchronized Engine acquire() {
    if (engine == null) {
      engine = opener.get();
      if (listener != null) {
        listener.opened(engine);
      }
    }
    holders++;
    return engine;
  }

  /** Tells {@code listener} when the warehouse opens and before it closes. */
  synchronized void listen(WarehouseListener listener) {
    this.listener = listener;
    if (engine != null) {
      listener.opened(engine);
    }
  }

  /**
   * The warehouse if this server has it open already (a run executing, a scheduler tick), counted
   * as one more holder; never opens the file, so a reader cannot take it from another process.
   */
  synchronized java.util.Optional<Engine> acquireIfOpen() {
    if (engine == null) {
      return java.util.Optional.empty();
    }
    holders++;
    return java.util.Optional.of(engine);
  }

  synchronized void release() {
    if (holders == 0) {
      throw new IllegalStateException("release without acquire");
    }
    holders--;
    if (holders == 0) {
      Engine closing = engine;
      engine = null;
      try {
        if (listener != null) {
          listener.closing(closing);
        }
      } finally {
        closing.close();
      }
    }
  }

  synchronized boolean isOpen() {
    return engine != null;
  }
}
