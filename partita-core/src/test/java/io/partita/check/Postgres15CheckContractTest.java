package io.partita.check;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.partita.engine.Engine;
import io.partita.engine.postgres.PgTestTargets;
import io.partita.engine.postgres.PostgresEngine;
import io.partita.testing.TestPostgres15;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;

/** Every built-in check through PostgreSQL 15's dialect. */
class Postgres15CheckContractTest extends CheckContractTest {
  @BeforeAll
  static void requireServer() {
    assumeTrue(
        TestPostgres15.available(),
        "Debian's PostgreSQL 15 server is not installed in " + TestPostgres15.BIN);
  }

  @Override
  protected Engine open(Path project) {
    return PostgresEngine.open(PgTestTargets.of(TestPostgres15.freshDatabase()), Clock.systemUTC());
  }
}
