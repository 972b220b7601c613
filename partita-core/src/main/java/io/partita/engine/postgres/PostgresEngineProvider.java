package io.partita.engine.postgres;

import io.partita.PartitaException;
import io.partita.backend.BackendUrl;
import io.partita.backend.EngineOptions;
import io.partita.backend.EngineProvider;
import io.partita.engine.Engine;
import io.partita.engine.SqlParser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * {@code warehouse: postgresql://user@host:5432/db?schema=public} (or {@code postgres://}): a
 * PostgreSQL database. The password never comes from the URL: from {@code
 * PARTITA_WAREHOUSE_PASSWORD}, else {@code PGPASSWORD}, else the driver reads {@code ~/.pgpass} (or
 * the file {@code PGPASSFILE} names).
 */
public final class PostgresEngineProvider implements EngineProvider {
  private final UnaryOperator<String> environment;

  public PostgresEngineProvider() {
    this(System::getenv);
  }

  /** With the environment variables {@code environment} returns (null for an unset one). */
  public PostgresEngineProvider(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public java.util.List<String> schemes() {
    return java.util.List.of("postgresql://", "postgres://");
  }

  @Override
  public Path location(BackendUrl url, Path projectDir) {
    return Path.of(PostgresUrl.parse(url).display());
  }

  @Override
  public boolean exists(BackendUrl url, Path projectDir) {
    PostgresEngine.Target target = target(url, null);
    Properties properties = new Properties();
    if (target.user() != null) {
      properties.setProperty("user", target.user());
    }
    if (target.password() != null) {
      properties.setProperty("password", target.password());
    }
    try (Connection connection = DriverManager.getConnection(target.jdbcUrl(), properties)) {
      return PostgresPublishLog.exists(connection, new PgLayout(target.schema()));
    } catch (SQLException e) {
      throw PartitaException.user(
          "Cannot connect to the warehouse %s: %s. Check host, port, database and user in"
              + " partita.yaml, and the password (PARTITA_WAREHOUSE_PASSWORD, PGPASSWORD or"
              + " ~/.pgpass)",
          target.location(), PgErrors.clean(e));
    }
  }

  @Override
  public Engine open(BackendUrl url, Path projectDir, EngineOptions options) {
    PostgresEngine.Target target = target(url, null);
    return options.readOnly()
        ? PostgresEngine.openReadOnly(target)
        : PostgresEngine.open(target, options.clock());
  }

  /** A schema of its own in the same database, dropped with all it holds when closed. */
  @Override
  public Engine openScratch(BackendUrl url, Path projectDir, Clock clock) {
    String schema = "_partita_scratch_" + UUID.randomUUID().toString().substring(0, 8);
    return PostgresEngine.openScratch(target(url, schema), clock);
  }

  /** Every worker opens its own connections; concurrent publishes are safe (see the engine). */
  @Override
  public boolean shareable() {
    return true;
  }

  @Override
  public SqlParser sqlParser() {
    return PostgresSqlParser.INSTANCE;
  }

  /** Where and as whom to connect; the password from the environment, never the URL. */
  PostgresEngine.Target target(BackendUrl url, String schemaOverride) {
    PostgresUrl parsed = PostgresUrl.parse(url);
    String password =
        environment.apply("PARTITA_" + url.key().toUpperCase(Locale.ROOT) + "_PASSWORD");
    if (password == null || password.isEmpty()) {
      password = environment.apply("PGPASSWORD");
    }
    return new PostgresEngine.Target(
        parsed.jdbcUrl(),
        parsed.user().orElse(null),
        password == null || password.isEmpty() ? null : password,
        schemaOverride == null ? parsed.schema() : schemaOverride,
        parsed.display(),
        parsed.lineageNamespace());
  }
}
