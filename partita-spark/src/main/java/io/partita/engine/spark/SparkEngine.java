package io.partita.engine.spark;

import io.partita.PartitaException;
import io.partita.engine.Cancellation;
import io.partita.engine.Column;
import io.partita.engine.Engine;
import io.partita.engine.EngineException;
import io.partita.engine.PartitionBackup;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.PublishedPartition;
import io.partita.engine.QueryResult;
import io.partita.engine.RestoreRequest;
import io.partita.engine.SqlDialect;
import io.partita.engine.SqlStatements;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.WarehouseIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.IcebergBuild;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark + Iceberg engine ({@code warehouse: spark}): models are Spark SQL run in this process's
 * SparkSession (the driver, in client mode, with the configured master); tables are Iceberg v2
 * tables in the configured catalog. Write-audit-publish uses Iceberg branches ({@link SparkStager},
 * {@link SparkPublisher}); the publish log and rollback use Iceberg's snapshot history ({@link
 * IcebergPublishLog}, {@link SparkRestorer}).
 *
 * <p>Thread-safe: commits to one table are serialised in this process; Iceberg's optimistic commits
 * order them against other processes. The Hadoop catalog commits one table at a time, so {@link
 * #publishAll} refuses partitions of several tables.
 */
public final class SparkEngine implements Engine {
  private final SparkSettings settings;
  private final SparkSession session;
  private final IcebergTables tables;
  private final boolean writable;
  private final SparkSqlParser parser;
  private final SparkReader reader;
  private final SparkVersions versions;
  private final SparkStager stager;
  private final SparkPublisher publisher;
  private final SparkStagingRelations stagingRelations;
  private final IcebergPublishLog log;
  private final SparkRestorer restorer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SparkEngine(SparkSettings settings, boolean writable, Clock clock) {
    this.settings = settings;
    this.writable = writable;
    this.session = SparkSessions.open(settings);
    this.tables = new IcebergTables(session, settings);
    this.parser = new SparkSqlParser(session.sessionState().sqlParser()::parsePlan);
    this.reader = new SparkReader(session, parser);
    this.versions = new SparkVersions(tables, clock);
    this.stager = new SparkStager(tables, parser);
    this.publisher = new SparkPublisher(tables, stager, versions);
    this.stagingRelations = new SparkStagingRelations(tables, stager, versions);
    this.log = new IcebergPublishLog(tables);
    this.restorer = new SparkRestorer(tables, log);
    SparkSession.setActiveSession(session);
    if (writable) {
      tables.ensureNamespace();
      log.ensureIdentity();
    }
    versions.showAll();
  }

  /** Opens the warehouse of {@code settings} for reading and writing, creating its namespace. */
  public static SparkEngine open(SparkSettings settings, Clock clock) {
    return new SparkEngine(settings, true, clock);
  }

  /** Opens the warehouse for queries only: nothing can be staged or published. */
  public static SparkEngine openReadOnly(SparkSettings settings) {
    return new SparkEngine(settings, false, Clock.systemUTC());
  }

  public SparkSettings settings() {
    return settings;
  }

  /** The warehouse's Iceberg tables, for tests that look at branches and snapshots. */
  IcebergTables tables() {
    requireOpen();
    return tables;
  }

  /**
   * Also makes this engine's session the calling thread's active one: Spark resolves catalogs
   * through the active session's settings, and each engine has its own.
   */
  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("The Spark engine is closed");
    }
    SparkSession.setActiveSession(session);
  }

  @Override
  public String describe() {
    return "spark " + session.version() + " iceberg " + IcebergBuild.version();
  }

  @Override
  public StagedPartition stage(StageRequest request, Cancellation cancellation) {
    requireOpen();
    requireWritable(request);
    return stager.stage(request, cancellation);
  }

  private void requireWritable(StageRequest request) {
    if (!writable) {
      throw new EngineException(
          SparkErrors.where(request)
              + ": the warehouse is open read-only; nothing can be staged or published",
          false,
          null);
    }
  }

  @Override
  public boolean stagesBatches() {
    return true;
  }

  /**
   * One run of the model for the batch, one commit on one audit branch; each partition gets its own
   * view over its window of that branch, so checks, quarantine and publish stay per partition. When
   * every partition of the batch publishes together and main has not moved, main fast-forwards to
   * the branch: one Iceberg commit for the whole batch.
   */
  @Override
  public List<StagedPartition> stageBatch(List<StageRequest> requests, Cancellation cancellation) {
    if (requests.size() == 1) {
      return List.of(stage(requests.get(0), cancellation));
    }
    requireOpen();
    requireWritable(requests.get(0));
    return stager.stageBatch(requests, cancellation);
  }

  @Override
  public PublishResult publish(StagedPartition staged, PublishRequest request) {
    requireOpen();
    return publisher.publish(staged, request);
  }

  @Override
  public List<PublishResult> publishAll(
      List<StagedPartition> staged, List<PublishRequest> requests) {
    requireOpen();
    return publisher.publishAll(staged, requests);
  }

  @Override
  public boolean publishesSeveralRelationsAtomically() {
    return settings.catalog().commitsSeveralTablesAtomically();
  }

  @Override
  public String quarantine(StagedPartition staged) {
    requireOpen();
    return stagingRelations.quarantine(staged);
  }

  @Override
  public void discard(StagedPartition staged) {
    requireOpen();
    stagingRelations.discard(staged);
  }

  @Override
  public List<PartitionBackup> backups(String runId) {
    requireOpen();
    return log.backups(runId, new SparkRows(session));
  }

  @Override
  public long restore(String restoringRunId, String runId, List<RestoreRequest> partitions) {
    requireOpen();
    return restorer.restore(restoringRunId, runId, partitions);
  }

  @Override
  public String overlay(
      String name, String asset, List<StagedPartition> staged, List<PublishRequest> requests) {
    requireOpen();
    return stagingRelations.overlay(name, asset, staged, requests);
  }

  @Override
  public void dropView(String relation) {
    requireOpen();
    stagingRelations.dropView(relation);
  }

  @Override
  public String relation(String asset) {
    return versions.relation(asset);
  }

  @Override
  public String versionRelation(String asset, String version) {
    return versions.versionRelation(asset, version);
  }

  @Override
  public Optional<String> liveVersion(String asset) {
    requireOpen();
    return versions.liveVersion(asset);
  }

  @Override
  public void switchVersion(String asset, String version) {
    requireOpen();
    versions.switchVersion(asset, version);
  }

  @Override
  public void dropVersion(String asset, String version) {
    requireOpen();
    versions.dropVersion(asset, version);
  }

  @Override
  public List<PublishedPartition> published(String runId) {
    requireOpen();
    return log.published(runId);
  }

  @Override
  public Optional<PublishedPartition> lastPublish(String asset, String partition) {
    requireOpen();
    return log.lastPublish(asset, partition);
  }

  @Override
  public Optional<PublishedPartition> lastPublishTo(String target, String partition) {
    requireOpen();
    return log.lastPublishTo(target, partition);
  }

  @Override
  public boolean wasPublished(String runId, String asset, String partition) {
    requireOpen();
    return log.wasPublished(runId, asset, partition);
  }

  @Override
  public List<PublishedPartition> latestPublishes() {
    requireOpen();
    return log.latestPublishes();
  }

  @Override
  public long expire(Instant before) {
    requireOpen();
    return restorer.expire(before);
  }

  @Override
  public String expiredItems() {
    return "snapshots and audit/quarantine branches";
  }

  @Override
  public WarehouseIdentity identity() {
    requireOpen();
    return log.identity();
  }

  @Override
  public void pairState(String stateId) {
    requireOpen();
    log.pairState(stateId);
  }

  @Override
  public SqlStatements parse(String sql) {
    return parser.parse(sql);
  }

  @Override
  public QueryResult query(String sql, int maxRows) {
    requireOpen();
    return reader.query(sql, maxRows);
  }

  @Override
  public List<Column> describe(String relationOrQuery) {
    requireOpen();
    return reader.describe(relationOrQuery);
  }

  @Override
  public SqlDialect dialect() {
    return reader.dialect();
  }

  /**
   * Forgets this engine's session (its temporary views); the JVM's SparkContext keeps running for
   * the next engine and stops with the JVM.
   */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      session.catalog().clearCache();
    } catch (RuntimeException e) {
      throw PartitaException.internal("Cannot close the Spark engine: " + e.getMessage(), e);
    }
  }
}
