package io.partita.engine.testing;

import io.partita.engine.Engine;
import io.partita.engine.EngineContractTest;
import io.partita.engine.duckdb.DuckDbEngine;
import java.nio.file.Path;
import java.time.Clock;

/** Outside an outage the fault injector is the engine it wraps: it keeps the whole contract. */
class FaultyEngineContractTest extends EngineContractTest {
  @Override
  protected Engine open(Path project) {
    return new FaultyEngine(
        DuckDbEngine.open(project.resolve(".partita/warehouse.duckdb"), project),
        Clock.systemUTC());
  }
}
