package io.partita.state.postgres;

import io.partita.state.StateStore;
import io.partita.state.WorkerStoreContractTest;
import java.util.Optional;

/** Workers, claims under limits and leader leases on a real PostgreSQL 17 (embedded). */
class PostgresWorkerStoreContractTest extends WorkerStoreContractTest {
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
