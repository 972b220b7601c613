package io.partita.engine.duckdb;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.engine.Cancellation;
import io.partita.engine.Engine;
import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.QueryResult;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;

/**
 * The default engine: one embedded DuckDB database file. Thread-safe: every call works on its own
 * duplicate of the root connection, so the heavy SELECTs of concurrent stages run in parallel while
 * publishes into one table are serialised by {@link DuckDbPublisher}.
 *
 * <p>DuckDB lets only one process open a database file for writing; a second process gets a {@link
 * io.partita.ErrorCategory#CONFLICT} error naming the holder's PID.
 */
public final class DuckDbEngine implements Engine {
  private static final Pattern PID = Pattern.compile("PID (\\d+)");

  private final Path warehouseFile;
  private final DuckDBConnection root;
  private final DuckDbStager stager;
  private final DuckDbPublisher publisher;
  private final DuckDbSqlParser parser;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Clock clock;

  private DuckDbEngine(Path warehouseFile, DuckDBConnection root, Clock clock) {
    this.warehouseFile = warehouseFile;
    this.clock = clock;
    this.root = root;
    String engineToken = UUID.randomUUID().toString().substring(0, 6);
    this.stager = new DuckDbStager(this::connect, new StagingNames(engineToken));
    this.publisher = new DuckDbPublisher(this::connect, clock);
    this.parser = new DuckDbSqlParser(this::connect);
  }

  /**
   * Opens or creates the warehouse for reading and writing; relative paths resolve in projectDir.
   */
  public static DuckDbEngine open(Path warehouseFile, Path projectDir) {
    return open(warehouseFile, projectDir, Clock.systemUTC());
  }

  public static DuckDbEngine open(Path warehouseFile, Path projectDir, Clock clock) {
    Path file = warehouseFile.toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw PartitaException.internal("Cannot create the directory of warehouse " + file, e);
    }
    DuckDBConnection root = connectRoot(file, new Properties());
    DuckDbEngine engine = new DuckDbEngine(file, root, clock);
    engine.setUp(projectDir, true);
    return engine;
  }

  /** Opens an existing warehouse read-only, for {@code partita query}. */
  public static DuckDbEngine openReadOnly(Path warehouseFile, Path projectDir) {
    Path file = warehouseFile.toAbsolutePath();
    if (!Files.exists(file)) {
      throw PartitaException.user(
          "The warehouse %s does not exist yet: run a backfill to create it", file);
    }
    Properties properties = new Properties();
    properties.setProperty("duckdb.read_only", "true");
    // Never fetch extensions: a query would otherwise write them to ~/.duckdb on first use.
    properties.setProperty("autoinstall_known_extensions", "false");
    DuckDbEngine engine = new DuckDbEngine(file, connectRoot(file, properties), Clock.systemUTC());
    engine.setUp(projectDir, false);
    return engine;
  }

  private static DuckDBConnection connectRoot(Path file, Properties properties) {
    try {
      return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, properties);
    } catch (SQLException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("Could not set lock")) {
        Matcher pid = PID.matcher(message);
        throw new PartitaException(
            ErrorCategory.CONFLICT,
            String.format(
                "The warehouse %s is in use by another process%s. Only one process may open the"
                    + " warehouse at a time: wait for it to finish or stop it",
                file, pid.find() ? " (PID " + pid.group(1) + ")" : ""),
            e);
      }
      throw PartitaException.internal("Cannot open warehouse " + file + ": " + message, e);
    }
  }

  /** Schema setup happens once here, so that concurrent tasks never race on catalog DDL. */
  private volatile boolean writable;

  private void setUp(Path projectDir, boolean writable) {
    this.writable = writable;
    String searchPath = TableName.literal(projectDir.toAbsolutePath().toString());
    try (Statement statement = root.createStatement()) {
      statement.execute("SET GLOBAL file_search_path = " + searchPath);
      if (!writable) {
        // Nothing a query runs may change a setting (e.g. re-enable extension installs).
        statement.execute("SET lock_configuration = true");
      }
      if (writable) {
        statement.execute("ATTACH IF NOT EXISTS ':memory:' AS " + TableName.quote(StagingNames.SCHEMA));
        statement.execute("CREATE SCHEMA IF NOT EXISTS \"_partita\"");
        statement.execute(PublishLog.createSql());
        for (String upgrade : PublishLog.upgradeSql()) {
          statement.execute(upgrade);
        }
        DuckDbIdentity.ensure(statement);
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + TableName.quote(DuckDbBackups.SCHEMA));
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + TableName.quote(DuckDbBackups.QUARANTINE_SCHEMA));
      }
    } catch (SQLException e) {
      close();
      throw PartitaException.internal(
          "Cannot prepare warehouse " + warehouseFile + ": " + e.getMessage(), e);
    }
  }

  Connection connect() throws SQLException {
    synchronized (root) {
      if (closed.get()) {
        throw new IllegalStateException("The DuckDB engine for " + warehouseFile + " is closed");
      }
      return root.duplicate();
    }
  }

  @Override
  public String describe() {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT version()")) {
      result.next();
      return "duckdb " + result.getString(1);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the DuckDB version: " + e.getMessage(), e);
    }
  }

  /**
   * The published name of an asset. The one place that maps assets to tables: versioned assets will
   * later publish a view of this name over a versioned table.
   */
  @Override
  public String relation(String asset) {
    return new TableName(TableName.DEFAULT_SCHEMA, asset).sql();
  }

  @Override
  public String versionRelation(String asset, String version) {
    return Versions.table(asset, version).sql();
  }

  @Override
  public java.util.Optional<String> liveVersion(String asset) {
    try (Connection connection = connect()) {
      TableName published = Versions.published(asset);
      java.util.Optional<String> kind = Versions.kind(connection, published);
      if (kind.equals(java.util.Optional.of("table"))) {
        return java.util.Optional.of("v1"); // a warehouse from before versions; adopted as v1 on next publish
      }
      return Versions.liveVersion(connection, published);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the live version of " + asset, e);
    }
  }

  @Override
  public void switchVersion(String asset, String version) {
    TableName target = Versions.table(asset, version);
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      if (!Versions.kind(connection, target).equals(java.util.Optional.of("table"))) {
        throw PartitaException.user("Asset '%s' has no version %s in the warehouse (no table %s)", asset, version, target);
      }
      // One statement, one transaction: readers bind the view before or after, never in between.
      statement.execute(Versions.viewSql(Versions.published(asset), target));
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot switch " + asset + " to " + version + ": " + SqlErrors.clean(e), e);
    }
  }

  @Override
  public void dropVersion(String asset, String version) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + Versions.table(asset, version).sql());
      statement.execute("DROP TABLE IF EXISTS " + DuckDbBackups.backupOf(Versions.table(asset, version)).sql());
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot drop " + asset + " " + version + ": " + SqlErrors.clean(e), e);
    }
  }

  @Override
  public StagedPartition stage(StageRequest request, Cancellation cancellation) {
    if (!writable) {
      throw new EngineException(SqlErrors.where(request) + ": the warehouse " + warehouseFile
          + " is open read-only; nothing can be staged or published", false, null);
    }
    return stager.stage(request, cancellation);
  }

  @Override
  public PublishResult publish(StagedPartition staged, PublishRequest request) {
    return publisher.publish(staged, request);
  }

  @Override
  public List<PublishResult> publishAll(List<StagedPartition> staged, List<PublishRequest> requests) {
    return publisher.publishAll(staged, requests);
  }

  @Override
  public String quarantine(StagedPartition staged) {
    StageRequest request = staged.request();
    TableName staging = TableName.parse(staged.stagingRelation());
    TableName quarantine = new TableName(DuckDbBackups.QUARANTINE_SCHEMA, staging.name());
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + quarantine.sql() + " AS SELECT * FROM " + staging.sql());
      // The comment records when it was quarantined, so `gc` can expire it.
      statement.execute("COMMENT ON TABLE " + quarantine.sql() + " IS "
          + TableName.literal(java.time.LocalDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).toString().replace('T', ' ')));
      statement.execute("DROP TABLE IF EXISTS " + staging.sql());
      return quarantine.sql();
    } catch (SQLException e) {
      throw SqlErrors.wrap(request, "quarantining " + staging.sql(), e);
    }
  }

  @Override
  public List<io.partita.engine.PublishedPartition> published(String runId) {
    try (Connection connection = connect()) {
      return PublishLog.read(connection, "run_id = ? ORDER BY published_at", runId);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the publish log of run " + runId, e);
    }
  }

  @Override
  public java.util.Optional<io.partita.engine.PublishedPartition> lastPublish(String asset, String partition) {
    try (Connection connection = connect()) {
      return PublishLog
          .read(connection, "asset = ? AND partition = ? ORDER BY published_at DESC LIMIT 1", asset, partition)
          .stream()
          .findFirst();
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the publish log of " + asset + " " + partition, e);
    }
  }

  @Override
  public java.util.Optional<io.partita.engine.PublishedPartition> lastPublishTo(String target, String partition) {
    try (Connection connection = connect()) {
      return PublishLog
          .read(connection, "target = ? AND partition = ? ORDER BY published_at DESC LIMIT 1", target, partition)
          .stream()
          .findFirst();
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the publish log of " + target + " " + partition, e);
    }
  }

  @Override
  public List<io.partita.engine.PartitionBackup> backups(String runId) {
    try (Connection connection = connect()) {
      return PublishLog.backups(connection, runId);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the backups of run " + runId + ": " + SqlErrors.clean(e), e);
    }
  }

  @Override
  public long restore(String restoringRunId, String runId, List<io.partita.engine.RestoreRequest> partitions) {
    return publisher.restore(restoringRunId, runId, partitions);
  }

  @Override
  public long expire(java.time.Instant before) {
    return publisher.expire(before);
  }

  @Override
  public String overlay(String name, String asset, List<StagedPartition> staged, List<PublishRequest> requests) {
    // The overlay shows the version the run writes (the live one, or a rebuild's new version).
    TableName base = TableName.parse(staged.get(0).request().targetRelation());
    TableName view = new TableName(StagingNames.SCHEMA, "overlay__" + name.replaceAll("[^A-Za-z0-9_]", "_"));
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      StringBuilder sql = new StringBuilder("CREATE OR REPLACE VIEW " + view.sql() + " AS ");
      boolean baseExists = !StagingColumns.read(connection, base).isEmpty();
      String union = "";
      if (baseExists) {
        sql.append("SELECT * FROM ").append(base.sql()).append(" t WHERE TRUE");
        for (int i = 0; i < staged.size(); i++) {
          StageRequest request = staged.get(i).request();
          if (requests.get(i).mode() == io.partita.model.WriteMode.MERGE) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM ").append(staged.get(i).stagingRelation()).append(" s WHERE ")
                .append(requests.get(i).uniqueKey().stream().map(TableName::quote).map(k -> "s." + k + " = t." + k)
                    .collect(java.util.stream.Collectors.joining(" AND ")))
                .append(")");
          } else {
            sql.append(" AND NOT (").append(DuckDbBackups.window("t", request.timeColumn(), request.partition())).append(")");
          }
        }
        union = " UNION ALL BY NAME ";
      }
      for (StagedPartition part : staged) {
        sql.append(union).append("SELECT * FROM ").append(part.stagingRelation());
        union = " UNION ALL BY NAME ";
      }
      statement.execute(sql.toString());
      return view.sql();
    } catch (SQLException e) {
      throw new EngineException("Cannot build the overlay of " + asset + " for " + name + ": " + SqlErrors.clean(e), true, e);
    }
  }

  @Override
  public void dropView(String relation) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP VIEW IF EXISTS " + TableName.parse(relation).sql());
    } catch (SQLException e) {
      throw new EngineException("Cannot drop view " + relation + ": " + SqlErrors.clean(e), true, e);
    }
  }

  @Override
  public void discard(StagedPartition staged) {
    TableName staging = TableName.parse(staged.stagingRelation());
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + staging.sql());
    } catch (SQLException e) {
      throw SqlErrors.wrap(staged.request(), "discarding " + staging.sql(), e);
    }
  }

  @Override
  public boolean wasPublished(String runId, String asset, String partition) {
    try (Connection connection = connect()) {
      return PublishLog.wasPublished(connection, runId, asset, partition);
    } catch (SQLException e) {
      throw new EngineException(
          String.format(
              "Cannot read the publish log for asset '%s' partition %s of run %s: %s",
              asset, partition, runId, e.getMessage()),
          true,
          e);
    }
  }

  @Override
  public io.partita.engine.WarehouseIdentity identity() {
    try (Connection connection = connect()) {
      return DuckDbIdentity.read(connection);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the identity of warehouse " + warehouseFile, e);
    }
  }

  @Override
  public void pairState(String stateId) {
    try (Connection connection = connect()) {
      DuckDbIdentity.pairState(connection, stateId);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot record the state store in warehouse " + warehouseFile, e);
    }
  }

  @Override
  public List<io.partita.engine.PublishedPartition> latestPublishes() {
    try (Connection connection = connect()) {
      return DuckDbIdentity.latestPublishes(connection);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the publish log of warehouse " + warehouseFile, e);
    }
  }

  @Override
  public io.partita.engine.SqlStatements parse(String sql) {
    return parser.parse(sql);
  }

  /**
   * Runs {@code sql} in a transaction that is always rolled back, so a query never changes the
   * warehouse even on an engine opened for writing. Text that is not one read-only statement is
   * refused before any of it runs: COPY, EXPORT, ATTACH, SET and the like change files or the
   * session outside any transaction.
   */
  @Override
  public QueryResult query(String sql, int maxRows) {
    try (Connection connection = connect()) {
      DuckDbSqlParser.parse(connection, sql).notOneQuery(io.partita.engine.SqlStatements.READ_KEYWORDS)
          .ifPresent(problem -> {
            throw PartitaException.user(
                "Query refused: the SQL %s%s; only one read-only query (SELECT, WITH, VALUES, FROM,"
                    + " DESCRIBE, SHOW or SUMMARIZE) may run here, and nothing is written",
                problem.description(), sql.strip().contains("\n") ? " (line " + problem.line() + ")" : "");
          });
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        if (!statement.execute(DuckDbStager.select(new TaskInput.Sql(sql)))) {
          throw PartitaException.user(
              "Query failed: the statement returned no rows; partita query runs read-only"
                  + " statements such as SELECT, DESCRIBE or SHOW");
        }
        try (ResultSet result = statement.getResultSet()) {
          return QueryValues.read(result, maxRows);
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      // One line: DuckDB's LINE/caret excerpt follows the message on lines of its own.
      throw PartitaException.user("Query failed: %s", SqlErrors.clean(e).replaceAll("\\s*\\n\\s*", " "));
    }
  }

  @Override
  public void close() {
    synchronized (root) {
      if (closed.getAndSet(true)) {
        return;
      }
      try {
        root.close();
      } catch (SQLException e) {
        throw PartitaException.internal("Cannot close warehouse " + warehouseFile, e);
      }
    }
  }
}
