package io.partita.engine.postgres;

import io.partita.engine.Engine;
import io.partita.engine.EngineContractTest;
import io.partita.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Clock;

/** The engine contract on PostgreSQL 17; each test has a database of its own. */
class PostgresEngineContractTest extends EngineContractTest {
  private String database;

  @Override
  protected Engine open(Path project) {
    if (database == null) {
      database = TestPostgres.freshDatabase();
    }
    return PostgresEngine.open(PgTestTargets.of(database), Clock.systemUTC());
  }
}
