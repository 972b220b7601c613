package io.partita.state.sqlite;

import io.partita.backend.BackendUrl;
import io.partita.backend.StateStoreProvider;
import io.partita.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code state: sqlite:PATH}: a SQLite file, PATH relative to the project. */
public final class SqliteStateStoreProvider implements StateStoreProvider {
  @Override
  public List<String> schemes() {
    return List.of("sqlite:");
  }

  @Override
  public Path location(BackendUrl url, Path projectDir) {
    return projectDir.resolve(url.rest()).normalize();
  }

  @Override
  public boolean exists(BackendUrl url, Path projectDir) {
    return Files.exists(location(url, projectDir));
  }

  @Override
  public StateStore open(BackendUrl url, Path projectDir) {
    return SqliteStateStore.open(location(url, projectDir));
  }

  @Override
  public StateStore openEmpty(BackendUrl url, Path projectDir) {
    return SqliteStateStore.openEmpty(location(url, projectDir));
  }
}
