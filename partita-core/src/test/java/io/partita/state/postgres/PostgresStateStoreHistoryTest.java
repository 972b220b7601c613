package io.partita.state.postgres;

import io.partita.state.StateStore;
import io.partita.state.StateStoreHistoryContractTest;
import java.util.Optional;

class PostgresStateStoreHistoryTest extends StateStoreHistoryContractTest {
  @Override
  protected StateStore openStore() {
    return PostgresStateStore.open(PostgresStores.freshUrl(), Optional.empty());
  }
}
