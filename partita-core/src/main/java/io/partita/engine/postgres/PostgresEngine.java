package io.partita.engine.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.partita.PartitaException;
import io.partita.engine.Cancellation;
import io.partita.engine.PartitionBackup;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.PublishedPartition;
import io.partita.engine.RestoreRequest;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.sql.DelegatingEngine;
import io.partita.engine.sql.StageMessages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A warehouse in a PostgreSQL (15 or newer) database: assets are tables in one schema, published
 * through views (see {@link PgLayout}). Thread-safe: every call takes its own connection from a
 * HikariCP pool, so stages run in parallel; publishes into one asset are serialised in the database
 * by {@link PostgresPublisher}, so several processes (workers) may write one warehouse.
 *
 * <p>This class opens the pool and routes each concern to its own class: {@link PostgresStager},
 * {@link PostgresPublisher} (publish, restore, expire), {@link PostgresStagingRelations}
 * (quarantine, discard, overlays), {@link PostgresVersionCatalog}, {@link PostgresPublishLog},
 * {@link PostgresReader} and {@link PostgresSqlParser}.
 */
public final class PostgresEngine extends DelegatingEngine {
  /** Key of the advisory lock that serialises the creation of Partita's schemas and tables. */
  private static final long SETUP_LOCK = 0x5061727469746153L;

  private final HikariDataSource pool;
  private final String location;
  private final boolean writable;
  private final PgLayout layout;
  private final PostgresStager stager;
  private final PostgresPublisher publisher;
  private final PostgresStagingRelations stagingRelations;
  private final PostgresPublishLog log;
  private final Parts parts;
  private final boolean scratch;

  /**
   * Where to connect and how.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/database...}
   * @param user the user, or null for the driver's default
   * @param password the password, or null for {@code ~/.pgpass} (read by the driver)
   * @param schema the schema of the assets
   * @param location what messages call the warehouse (never with a password)
   * @param lineageNamespace {@code postgres://host:port}
   */
  public record Target(
      String jdbcUrl,
      String user,
      String password,
      String schema,
      String location,
      String lineageNamespace) {}

  private PostgresEngine(
      HikariDataSource pool, Target target, boolean writable, Clock clock, boolean scratch) {
    this.pool = pool;
    this.location = target.location();
    this.writable = writable;
    this.scratch = scratch;
    this.layout = new PgLayout(target.schema());
    ConnectionSource connections = pool::getConnection;
    String token = UUID.randomUUID().toString().substring(0, 8);
    this.stager = new PostgresStager(connections, layout, token);
    this.publisher = new PostgresPublisher(connections, layout, clock);
    this.stagingRelations = new PostgresStagingRelations(connections, layout, clock);
    this.log = new PostgresPublishLog(connections, layout, location);
    this.parts =
        new Parts(
            new PostgresVersionCatalog(connections, layout),
            new PostgresReader(connections, new PostgresDialect(target.lineageNamespace())),
            stagingRelations,
            log,
            PostgresSqlParser.INSTANCE);
  }

  @Override
  protected Parts parts() {
    return parts;
  }

  /** Opens the warehouse for reading and writing, creating Partita's schemas and tables. */
  public static PostgresEngine open(Target target, Clock clock) {
    return open(target, false, clock, false);
  }

  /** Opens an existing warehouse read-only: the server refuses any write. */
  public static PostgresEngine openReadOnly(Target target) {
    return open(target, true, Clock.systemUTC(), false);
  }

  /**
   * A throw-away warehouse in a schema of its own ({@code target}'s schema should be unique), whose
   * schemas {@link #close} drops.
   */
  static PostgresEngine openScratch(Target target, Clock clock) {
    return open(target, false, clock, true);
  }

  private static PostgresEngine open(
      Target target, boolean readOnly, Clock clock, boolean scratch) {
    HikariDataSource pool = pool(target, readOnly);
    PostgresEngine engine = new PostgresEngine(pool, target, !readOnly, clock, scratch);
    try (Connection connection = pool.getConnection()) {
      if (readOnly) {
        if (!PostgresPublishLog.exists(connection, engine.layout)) {
          throw PartitaException.user(
              "The warehouse %s does not exist yet: run a backfill to create it",
              target.location());
        }
      } else {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          // Several workers may open a new warehouse at once; CREATE ... IF NOT EXISTS still races.
          statement.execute("SELECT pg_advisory_xact_lock(" + SETUP_LOCK + ")");
          PostgresPublishLog.setUp(connection, engine.layout);
          connection.commit();
        } catch (SQLException e) {
          connection.rollback();
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      engine.close();
      throw PartitaException.internal(
          "Cannot prepare warehouse " + target.location() + ": " + PgErrors.clean(e), e);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  private static HikariDataSource pool(Target target, boolean readOnly) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(target.jdbcUrl());
    if (target.user() != null) {
      config.setUsername(target.user());
    }
    if (target.password() != null) {
      config.setPassword(target.password());
    }
    config.setPoolName("partita-warehouse");
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    config.setInitializationFailTimeout(1);
    config.setConnectionInitSql("SET TIME ZONE 'UTC'");
    config.addDataSourceProperty("currentSchema", target.schema());
    config.addDataSourceProperty("ApplicationName", "partita");
    if (readOnly) {
      config.setReadOnly(true);
      config.addDataSourceProperty("readOnlyMode", "always");
    }
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw PartitaException.user(
          "Cannot connect to the warehouse %s: %s. Check host, port, database and user in"
              + " partita.yaml, and the password (PARTITA_WAREHOUSE_PASSWORD, PGPASSWORD or"
              + " ~/.pgpass)",
          target.location(),
          cause instanceof SQLException sql
              ? PgErrors.clean(sql)
              : String.valueOf(cause.getMessage()));
    }
  }

  @Override
  public String describe() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW server_version")) {
      result.next();
      return "postgresql " + result.getString(1);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the PostgreSQL version: " + e.getMessage(), e);
    }
  }

  @Override
  public StagedPartition stage(StageRequest request, Cancellation cancellation) {
    if (!writable) {
      throw StageMessages.readOnly(request, location);
    }
    return stager.stage(request, cancellation);
  }

  @Override
  public PublishResult publish(StagedPartition staged, PublishRequest request) {
    return publisher.publishAll(List.of(staged), List.of(request)).get(0);
  }

  @Override
  public List<PublishResult> publishAll(
      List<StagedPartition> staged, List<PublishRequest> requests) {
    return publisher.publishAll(staged, requests);
  }

  @Override
  public String quarantine(StagedPartition staged) {
    return stagingRelations.quarantine(staged);
  }

  @Override
  public void discard(StagedPartition staged) {
    stagingRelations.discard(staged);
  }

  @Override
  public List<PartitionBackup> backups(String runId) {
    return log.backups(runId);
  }

  @Override
  public long restore(String restoringRunId, String runId, List<RestoreRequest> partitions) {
    return publisher.restore(restoringRunId, runId, partitions);
  }

  @Override
  public List<PublishedPartition> published(String runId) {
    return log.published(runId);
  }

  @Override
  public Optional<PublishedPartition> lastPublish(String asset, String partition) {
    return log.lastPublish(asset, partition);
  }

  @Override
  public Optional<PublishedPartition> lastPublishTo(String target, String partition) {
    return log.lastPublishTo(target, partition);
  }

  @Override
  public boolean wasPublished(String runId, String asset, String partition) {
    return log.wasPublished(runId, asset, partition);
  }

  @Override
  public List<PublishedPartition> latestPublishes() {
    return log.latestPublishes();
  }

  @Override
  public long expire(Instant before) {
    return publisher.expire(before);
  }

  @Override
  public void close() {
    synchronized (pool) {
      if (pool.isClosed()) {
        return;
      }
      if (scratch) {
        dropScratchSchemas();
      }
      pool.close();
    }
  }

  private void dropScratchSchemas() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      for (String schema :
          List.of(
              layout.schema(),
              layout.metaSchema(),
              layout.backupSchema(),
              layout.quarantineSchema(),
              layout.stageSchema())) {
        statement.execute("DROP SCHEMA IF EXISTS " + PgName.quote(schema) + " CASCADE");
      }
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot drop the scratch warehouse " + location + ": " + PgErrors.clean(e), e);
    }
  }
}
