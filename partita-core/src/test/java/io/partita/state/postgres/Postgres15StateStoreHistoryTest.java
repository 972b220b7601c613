package io.partita.state.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.partita.state.StateStore;
import io.partita.state.StateStoreHistoryContractTest;
import io.partita.testing.DebianPostgres15;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;

/** The history contract on Debian's PostgreSQL 15; skipped only where it is not installed. */
class Postgres15StateStoreHistoryTest extends StateStoreHistoryContractTest {
  @BeforeAll
  static void needsTheBinaries() {
    assumeTrue(
        DebianPostgres15.installed(),
        "PostgreSQL 15 is not installed in " + DebianPostgres15.BIN + "; skipping");
  }

  @Override
  protected StateStore openStore() {
    return PostgresStateStore.open(
        new PostgresUrl(
            "postgres",
            "localhost",
            DebianPostgres15.port(),
            DebianPostgres15.freshDatabase(),
            "partita"),
        Optional.empty());
  }
}
