package io.partita.engine.duckdb;

import io.partita.engine.Engine;
import io.partita.engine.EngineContractTest;
import java.nio.file.Path;

class DuckDbEngineContractTest extends EngineContractTest {
  @Override
  protected Engine open(Path project) {
    return DuckDbEngine.open(project.resolve(".partita/warehouse.duckdb"), project);
  }
}
