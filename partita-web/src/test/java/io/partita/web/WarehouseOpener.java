package io.partita.web;

import io.partita.PartitaException;
import io.partita.engine.duckdb.DuckDbEngine;
import java.nio.file.Path;

/**
 * Run in a child JVM, like a CLI backfill: opens and closes the warehouse {@code args[2]} times,
 * then holds it open until stdin closes. Prints "holding", or "conflict: ..." and exits 3 as soon
 * as another process has the file.
 */
public final class WarehouseOpener {
  private WarehouseOpener() {}

  public static void main(String[] args) throws Exception {
    Path warehouse = Path.of(args[0]);
    Path project = Path.of(args[1]);
    try {
      for (int i = 0; i < Integer.parseInt(args[2]); i++) {
        try (DuckDbEngine engine = DuckDbEngine.open(warehouse, project)) {
          engine.query("SELECT 1", 1);
        }
        Thread.sleep(20);
      }
      try (DuckDbEngine engine = DuckDbEngine.open(warehouse, project)) {
        System.out.println("holding");
        System.out.flush();
        System.in.read();
      }
    } catch (PartitaException e) {
      System.out.println("conflict: " + e.getMessage());
      System.exit(3);
    }
  }
}
