package io.partita.engine.spark;

import io.partita.engine.Engine;
import io.partita.engine.EngineContractTest;
import java.nio.file.Path;
import java.time.Clock;

/** The engine contract on local Spark with an Iceberg Hadoop catalog in the test's project. */
class SparkEngineContractTest extends EngineContractTest {
  @Override
  protected Engine open(Path project) {
    return SparkEngine.open(LocalSpark.settings(project), Clock.systemUTC());
  }
}
