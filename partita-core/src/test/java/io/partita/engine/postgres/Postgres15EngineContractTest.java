package io.partita.engine.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.partita.engine.Engine;
import io.partita.engine.EngineContractTest;
import io.partita.testing.TestPostgres15;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;

/** The engine contract on PostgreSQL 15, the oldest version the engine supports (MERGE). */
class Postgres15EngineContractTest extends EngineContractTest {
  private String database;

  @BeforeAll
  static void requireServer() {
    assumeTrue(
        TestPostgres15.available(),
        "Debian's PostgreSQL 15 server is not installed in " + TestPostgres15.BIN);
  }

  @Override
  protected Engine open(Path project) {
    if (database == null) {
      database = TestPostgres15.freshDatabase();
    }
    return PostgresEngine.open(PgTestTargets.of(database), Clock.systemUTC());
  }
}
