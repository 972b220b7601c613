package io.partita.state.postgres;

import io.partita.backend.BackendUrl;
import io.partita.backend.StateStoreProvider;
import io.partita.state.StateStore;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code state: postgresql://USER@HOST:PORT/DATABASE?schema=SCHEMA} (or {@code postgres://}): the
 * state in a PostgreSQL schema, shared by every process that names it. The password comes from
 * {@link PasswordSources}, never from the URL.
 */
public final class PostgresStateStoreProvider implements StateStoreProvider {
  @Override
  public List<String> schemes() {
    return List.of("postgresql://", "postgres://");
  }

  /** The server, database and schema as a path, e.g. {@code db.internal:5432/ops/partita}. */
  @Override
  public Path location(BackendUrl url, Path projectDir) {
    PostgresUrl parsed = parse(url);
    return Path.of(parsed.host() + ":" + parsed.port(), parsed.database(), parsed.schema());
  }

  /**
   * Always true: a server store is there to be asked, and its schema is created by the first
   * command that opens it, read-only or not (an empty schema, unlike a stray SQLite file in the
   * project, is no trace worth avoiding at the price of a second kind of empty store).
   */
  @Override
  public boolean exists(BackendUrl url, Path projectDir) {
    parse(url);
    return true;
  }

  @Override
  public StateStore open(BackendUrl url, Path projectDir) {
    PostgresUrl parsed = parse(url);
    return PostgresStateStore.open(parsed, PasswordSources.system().find(parsed));
  }

  /** Not reached through {@link #exists} (always true); opens the store itself. */
  @Override
  public StateStore openEmpty(BackendUrl url, Path projectDir) {
    return open(url, projectDir);
  }

  private static PostgresUrl parse(BackendUrl url) {
    return PostgresUrl.parse(url.url(), System.getenv());
  }
}
