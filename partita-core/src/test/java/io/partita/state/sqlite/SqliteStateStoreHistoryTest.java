package io.partita.state.sqlite;

import io.partita.state.StateStore;
import io.partita.state.StateStoreHistoryContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreHistoryTest extends StateStoreHistoryContractTest {
  @TempDir Path directory;

  @Override
  protected StateStore openStore() {
    return SqliteStateStore.open(directory.resolve("state.db"));
  }
}
