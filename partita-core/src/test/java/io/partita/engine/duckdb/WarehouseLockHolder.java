package io.partita.engine.duckdb;

import java.nio.file.Path;

/** Run in a child JVM: holds the warehouse open until stdin closes. */
public final class WarehouseLockHolder {
  private WarehouseLockHolder() {}

  public static void main(String[] args) throws Exception {
    try (DuckDbEngine engine = DuckDbEngine.open(Path.of(args[0]), Path.of(args[1]))) {
      System.out.println("ready");
      System.out.flush();
      System.in.read();
    }
  }
}
