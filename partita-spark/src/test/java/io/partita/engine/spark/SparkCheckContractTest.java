package io.partita.engine.spark;

import io.partita.check.CheckContractTest;
import io.partita.engine.Engine;
import java.nio.file.Path;
import java.time.Clock;

/** Every built-in check over a Spark + Iceberg staged partition. */
class SparkCheckContractTest extends CheckContractTest {
  @Override
  protected Engine open(Path project) {
    return SparkEngine.open(LocalSpark.settings(project), Clock.systemUTC());
  }
}
