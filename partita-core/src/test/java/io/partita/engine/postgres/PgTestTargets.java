package io.partita.engine.postgres;

/** Engine targets for the test databases of {@code TestPostgres} and {@code TestPostgres15}. */
public final class PgTestTargets {
  private PgTestTargets() {}

  /** The {@code public} schema of a database given by a JDBC URL that names the user. */
  public static PostgresEngine.Target of(String jdbcUrl) {
    return new PostgresEngine.Target(
        jdbcUrl, null, null, "public", jdbcUrl, "postgres://localhost");
  }
}
