package io.partita.state.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.partita.state.StateStore;
import io.partita.state.StateStoreHistoryContractTest;
import io.partita.testing.TestPostgres15;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;

/** The history contract on Debian's PostgreSQL 15; skipped only where it is not installed. */
class Postgres15StateStoreHistoryTest extends StateStoreHistoryContractTest {
  @BeforeAll
  static void needsTheBinaries() {
    assumeTrue(
        TestPostgres15.available(),
        "PostgreSQL 15 is not installed in " + TestPostgres15.BIN + "; skipping");
  }

  @Override
  protected StateStore openStore() {
    return PostgresStateStore.open(
        new PostgresUrl(
            "postgres",
            "localhost",
            TestPostgres15.port(),
            TestPostgres15.freshDatabaseName(),
            "partita"),
        Optional.empty());
  }
}
