package io.partita.web.project;

import io.partita.engine.Engine;

/**
 * Told when the server opens the warehouse for its runs and before it closes it again, under the
 * lease's lock (so the two alternate): {@code partita ui} serves other shells' commands on the
 * warehouse meanwhile. Implementations handle their own errors.
 */
public interface WarehouseListener {
  void opened(Engine engine);

  void closing(Engine engine);
}
