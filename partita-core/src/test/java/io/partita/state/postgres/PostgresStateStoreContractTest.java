package io.partita.state.postgres;

import io.partita.state.StateStore;
import io.partita.state.StateStoreContractTest;
import java.util.Optional;

/** The state store contract on a real PostgreSQL 17 (embedded), in a schema of a fresh database. */
class PostgresStateStoreContractTest extends StateStoreContractTest {
  private PostgresUrl url;

  @Override
  protected StateStore openStore() {
    url = PostgresStores.freshUrl();
    return PostgresStateStore.open(url, Optional.empty());
  }

  @Override
  protected StateStore openSecondStore() {
    return PostgresStateStore.open(url, Optional.empty());
  }
}
