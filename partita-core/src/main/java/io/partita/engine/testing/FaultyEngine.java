package io.partita.engine.testing;

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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An engine that fails every statement while an outage is on, for failure drills and tests: each
 * call between {@code from} (inclusive) and {@code until} (exclusive) throws a retryable {@link
 * EngineException} before reaching the wrapped engine. Outside the window it delegates unchanged.
 * {@link #close} closes the wrapped engine. Thread-safe if the wrapped engine is.
 */
public final class FaultyEngine implements Engine {
  private final Engine delegate;
  private final Clock clock;
  private volatile Instant from = Instant.MAX;
  private volatile Instant until = Instant.MIN;
  private final AtomicLong injected = new AtomicLong();

  public FaultyEngine(Engine delegate, Clock clock) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate is null");
    this.clock = java.util.Objects.requireNonNull(clock, "clock is null");
  }

  /** Every call in {@code [from, until)} fails. Replaces any previous outage. */
  public void outage(Instant from, Instant until) {
    this.until = until;
    this.from = from;
  }

  /** How many calls failed because of the outage. */
  public long injectedFailures() {
    return injected.get();
  }

  private void maybeFail(String what) {
    Instant now = clock.instant();
    if (!now.isBefore(from) && now.isBefore(until)) {
      injected.incrementAndGet();
      throw new EngineException(
          "injected warehouse outage until " + until + " (" + what + ")", true, null);
    }
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public String relation(String asset) {
    return delegate.relation(asset);
  }

  @Override
  public String versionRelation(String asset, String version) {
    return delegate.versionRelation(asset, version);
  }

  @Override
  public java.util.Optional<String> liveVersion(String asset) {
    maybeFail("liveVersion");
    return delegate.liveVersion(asset);
  }

  @Override
  public void switchVersion(String asset, String version) {
    maybeFail("switchVersion");
    delegate.switchVersion(asset, version);
  }

  @Override
  public void dropVersion(String asset, String version) {
    maybeFail("dropVersion");
    delegate.dropVersion(asset, version);
  }

  @Override
  public StagedPartition stage(StageRequest request, Cancellation cancellation) {
    maybeFail("stage");
    return delegate.stage(request, cancellation);
  }

  @Override
  public boolean stagesBatches() {
    return delegate.stagesBatches();
  }

  @Override
  public long batchRows() {
    return delegate.batchRows();
  }

  @Override
  public String stagedRows(List<StagedPartition> staged, String column) {
    return delegate.stagedRows(staged, column);
  }

  @Override
  public List<StagedPartition> stageBatch(List<StageRequest> requests, Cancellation cancellation) {
    maybeFail("stageBatch");
    return delegate.stageBatch(requests, cancellation);
  }

  @Override
  public Optional<PublishResult> writeDirectly(
      StageRequest request, PublishRequest publish, Cancellation cancellation) {
    maybeFail("stage");
    maybeFail("publish");
    return delegate.writeDirectly(request, publish, cancellation);
  }

  @Override
  public PublishResult publish(StagedPartition staged, PublishRequest request) {
    maybeFail("publish");
    return delegate.publish(staged, request);
  }

  @Override
  public List<PublishResult> publishAll(
      List<StagedPartition> staged, List<PublishRequest> requests) {
    maybeFail("publish");
    return delegate.publishAll(staged, requests);
  }

  @Override
  public String quarantine(StagedPartition staged) {
    maybeFail("quarantine");
    return delegate.quarantine(staged);
  }

  @Override
  public List<PublishedPartition> published(String runId) {
    maybeFail("read publish log");
    return delegate.published(runId);
  }

  @Override
  public Optional<PublishedPartition> lastPublish(String asset, String partition) {
    maybeFail("read publish log");
    return delegate.lastPublish(asset, partition);
  }

  @Override
  public Optional<PublishedPartition> lastPublishTo(String target, String partition) {
    maybeFail("read publish log");
    return delegate.lastPublishTo(target, partition);
  }

  @Override
  public List<PartitionBackup> backups(String runId) {
    maybeFail("read publish log");
    return delegate.backups(runId);
  }

  @Override
  public long restore(String restoringRunId, String runId, List<RestoreRequest> partitions) {
    maybeFail("restore");
    return delegate.restore(restoringRunId, runId, partitions);
  }

  @Override
  public long expire(Instant before) {
    maybeFail("expire");
    return delegate.expire(before);
  }

  @Override
  public String overlay(
      String name, String asset, List<StagedPartition> staged, List<PublishRequest> requests) {
    maybeFail("overlay");
    return delegate.overlay(name, asset, staged, requests);
  }

  @Override
  public void dropView(String relation) {
    maybeFail("drop view");
    delegate.dropView(relation);
  }

  @Override
  public void discard(StagedPartition staged) {
    maybeFail("discard");
    delegate.discard(staged);
  }

  @Override
  public boolean wasPublished(String runId, String asset, String partition) {
    maybeFail("read publish log");
    return delegate.wasPublished(runId, asset, partition);
  }

  @Override
  public SqlStatements parse(String sql) {
    return delegate.parse(sql);
  }

  @Override
  public QueryResult query(String sql, int maxRows) {
    maybeFail("query");
    return delegate.query(sql, maxRows);
  }

  @Override
  public QueryResult queryGenerated(String sql, int maxRows) {
    maybeFail("query");
    return delegate.queryGenerated(sql, maxRows);
  }

  @Override
  public List<Column> describe(String relationOrQuery) {
    maybeFail("describe");
    return delegate.describe(relationOrQuery);
  }

  @Override
  public SqlDialect dialect() {
    return delegate.dialect();
  }

  @Override
  public io.partita.engine.WarehouseIdentity identity() {
    return delegate.identity();
  }

  @Override
  public void pairState(String stateId) {
    delegate.pairState(stateId);
  }

  @Override
  public List<PublishedPartition> latestPublishes() {
    return delegate.latestPublishes();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
