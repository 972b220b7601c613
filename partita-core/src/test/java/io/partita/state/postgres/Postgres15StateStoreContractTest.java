package io.partita.state.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.partita.state.StateStore;
import io.partita.state.StateStoreContractTest;
import io.partita.testing.TestPostgres15;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state store contract on Debian's PostgreSQL 15, the oldest version Partita supports. Skipped
 * (with a message) only where its server binaries are not installed.
 */
class Postgres15StateStoreContractTest extends StateStoreContractTest {
  private PostgresUrl url;

  @BeforeAll
  static void needsTheBinaries() {
    assumeTrue(
        TestPostgres15.available(),
        "PostgreSQL 15 is not installed in "
            + TestPostgres15.BIN
            + " (apt-get install postgresql-15); skipping the PostgreSQL 15 contract run");
  }

  @Override
  protected StateStore openStore() {
    url =
        new PostgresUrl(
            "postgres",
            "localhost",
            TestPostgres15.port(),
            TestPostgres15.freshDatabaseName(),
            "partita");
    return PostgresStateStore.open(url, Optional.empty());
  }

  @Test
  void theServerIsPostgres15() throws java.sql.SQLException {
    assertThat(PostgresStateStoreTest.query(url, "SHOW server_version_num").get(0))
        .startsWith("15");
  }

  @Override
  protected StateStore openSecondStore() {
    return PostgresStateStore.open(url, Optional.empty());
  }
}
