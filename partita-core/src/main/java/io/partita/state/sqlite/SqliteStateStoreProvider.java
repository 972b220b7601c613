package io.partita.state.sqlite;

import io.partita.PartitaException;
import io.partita.backend.BackendUrl;
import io.partita.backend.StateStoreProvider;
import io.partita.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code state: sqlite:PATH[?synchronous=normal|full]}: a SQLite file, PATH relative to the
 * project. {@code synchronous=full} adds an fsync to every commit (see {@link SqliteDialect}).
 */
public final class SqliteStateStoreProvider implements StateStoreProvider {
  private static final String SYNCHRONOUS = "synchronous=";

  @Override
  public List<String> schemes() {
    return List.of("sqlite:");
  }

  @Override
  public Path location(BackendUrl url, Path projectDir) {
    String rest = url.rest();
    int query = rest.indexOf('?');
    return projectDir.resolve(query < 0 ? rest : rest.substring(0, query)).normalize();
  }

  @Override
  public boolean exists(BackendUrl url, Path projectDir) {
    return Files.exists(location(url, projectDir));
  }

  @Override
  public StateStore open(BackendUrl url, Path projectDir) {
    return SqliteStateStore.open(location(url, projectDir), fsyncEachCommit(url));
  }

  @Override
  public StateStore openEmpty(BackendUrl url, Path projectDir) {
    fsyncEachCommit(url);
    return SqliteStateStore.openEmpty(location(url, projectDir));
  }

  /**
   * True for {@code ?synchronous=full}; false for none or {@code ?synchronous=normal}.
   *
   * @throws PartitaException USER naming the URL and the accepted parameters otherwise
   */
  static boolean fsyncEachCommit(BackendUrl url) {
    String rest = url.rest();
    int query = rest.indexOf('?');
    if (query < 0) {
      return false;
    }
    String parameter = rest.substring(query + 1);
    return switch (parameter) {
      case SYNCHRONOUS + "normal" -> false;
      case SYNCHRONOUS + "full" -> true;
      default ->
          throw PartitaException.user(
              "partita.yaml: %s '%s' has the parameter '%s'; the only one a sqlite: URL takes is"
                  + " synchronous=normal (the default) or synchronous=full (an fsync at every"
                  + " state commit, which also survives power loss), e.g. %s?synchronous=full",
              url.key(), url.url(), parameter, url.url().substring(0, url.url().indexOf('?')));
    };
  }
}
