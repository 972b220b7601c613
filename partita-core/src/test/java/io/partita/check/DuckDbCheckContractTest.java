package io.partita.check;

import io.partita.engine.Engine;
import io.partita.engine.duckdb.DuckDbEngine;
import java.nio.file.Path;

class DuckDbCheckContractTest extends CheckContractTest {
  @Override
  protected Engine open(Path project) {
    return DuckDbEngine.open(project.resolve(".partita/warehouse.duckdb"), project);
  }
}
