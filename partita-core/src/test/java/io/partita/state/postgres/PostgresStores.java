package io.partita.state.postgres;

import io.partita.testing.TestPostgres;

/** State store URLs on the embedded PostgreSQL of the tests. */
final class PostgresStores {
  private PostgresStores() {}

  /** A schema {@code partita} (not created yet) in a fresh database, user postgres. */
  static PostgresUrl freshUrl() {
    String jdbc = TestPostgres.freshDatabase();
    String database = jdbc.substring(jdbc.lastIndexOf('/') + 1, jdbc.indexOf('?'));
    return new PostgresUrl("postgres", "localhost", TestPostgres.port(), database, "partita");
  }
}
