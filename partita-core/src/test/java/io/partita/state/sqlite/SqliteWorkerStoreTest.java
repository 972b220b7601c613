package io.partita.state.sqlite;

import io.partita.state.StateStore;
import io.partita.state.WorkerStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Workers, claims and leader leases against a real SQLite file shared by several connections. */
class SqliteWorkerStoreTest extends WorkerStoreContractTest {
  @TempDir Path directory;

  @Override
  protected StateStore openStore() {
    return SqliteStateStore.open(directory.resolve(".partita/state.db"));
  }

  @Override
  protected StateStore openSecondStore() {
    return SqliteStateStore.open(directory.resolve(".partita/state.db"));
  }
}
