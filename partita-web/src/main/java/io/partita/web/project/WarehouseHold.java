package io.partita.web.project;

import io.partita.engine.Engine;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The warehouse for one piece of work (a promote, a scheduler tick): opened through the server's
 * lease on first {@link #get}, so runs of the dashboard and this work share one DuckDB connection,
 * and released by {@link #close}; reads use {@link #ifOpen}. Throws a CONFLICT {@code
 * PartitaException} from {@code get} when another process holds the warehouse.
 */
public final class WarehouseHold implements Supplier<Engine>, AutoCloseable {
  private final WarehouseLease lease;
  private Engine engine;

  WarehouseHold(WarehouseLease lease) {
    this.lease = lease;
  }

  @Override
  public synchronized Engine get() {
    if (engine == null) {
      engine = lease.acquire();
    }
    return engine;
  }

  /**
   * The warehouse only if this hold or another holder of the server has it open; never opens the
   * file. For reads, which must not take the warehouse from a backfill in another process.
   */
  public synchronized Optional<Engine> ifOpen() {
    if (engine == null) {
      engine = lease.acquireIfOpen().orElse(null);
    }
    return Optional.ofNullable(engine);
  }

  @Override
  public synchronized void close() {
    if (engine != null) {
      engine = null;
      lease.release();
    }
  }
}
