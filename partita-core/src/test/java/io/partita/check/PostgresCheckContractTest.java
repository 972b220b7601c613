package io.partita.check;

import io.partita.engine.Engine;
import io.partita.engine.postgres.PgTestTargets;
import io.partita.engine.postgres.PostgresEngine;
import io.partita.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Clock;

/** Every built-in check through PostgreSQL 17's dialect. */
class PostgresCheckContractTest extends CheckContractTest {
  @Override
  protected Engine open(Path project) {
    return PostgresEngine.open(PgTestTargets.of(TestPostgres.freshDatabase()), Clock.systemUTC());
  }
}
