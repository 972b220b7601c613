package io.partita.check;

import io.partita.engine.Column;
import io.partita.engine.Engine;
import io.partita.engine.QueryResult;
import io.partita.engine.SqlDialect;
import io.partita.engine.StagedPartition;
import io.partita.model.PartitionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hand-written {@link CheckContext} over a real {@link Engine}: the staged partition is what the
 * engine staged, the live and upstream relations are what it published, and everything SQL goes
 * through the engine (query, describe, dialect). Trailing metrics are whatever the test puts in.
 */
final class EngineBackedCheckContext implements CheckContext {
  private final Engine engine;
  private final StagedPartition staged;
  private final Map<String, List<Double>> trailing = new HashMap<>();

  EngineBackedCheckContext(Engine engine, StagedPartition staged) {
    this.engine = engine;
    this.staged = staged;
  }

  EngineBackedCheckContext withTrailing(String metric, Double... values) {
    trailing.put(metric, List.of(values));
    return this;
  }

  @Override
  public String asset() {
    return staged.request().asset();
  }

  @Override
  public PartitionKey partition() {
    return staged.request().partition();
  }

  @Override
  public String timeColumn() {
    return staged.request().timeColumn();
  }

  @Override
  public String stagedRelation() {
    return staged.stagingRelation();
  }

  @Override
  public Optional<String> liveRelation() {
    return engine.liveVersion(asset()).map(version -> engine.relation(asset()));
  }

  @Override
  public Optional<String> partitionRelation(String asset, PartitionKey partition) {
    return engine
        .liveVersion(asset)
        .map(
            version ->
                "(select * from "
                    + engine.relation(asset)
                    + " where "
                    + windowPredicate(timeColumn(), partition)
                    + ") as partition_rows");
  }

  @Override
  public Optional<String> upstreamRelation(String asset) {
    return partitionRelation(asset, partition());
  }

  @Override
  public List<PartitionKey> publishedBefore(int count) {
    List<PartitionKey> keys = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      PartitionKey key = partition().plus(-i);
      if (engine.lastPublish(asset(), key.key()).isPresent()) {
        keys.add(key);
      }
    }
    return keys;
  }

  @Override
  public String windowPredicate(String column, PartitionKey partition) {
    return partition.sqlPredicate(column);
  }

  @Override
  public QueryResult query(String sql) {
    return engine.query(sql, 10_000);
  }

  @Override
  public List<Column> describe(String relationOrQuery) {
    return engine.describe(relationOrQuery);
  }

  @Override
  public SqlDialect dialect() {
    return engine.dialect();
  }

  @Override
  public List<Double> trailing(String metric, int count) {
    List<Double> values = trailing.getOrDefault(metric, List.of());
    return values.subList(0, Math.min(count, values.size()));
  }

  @Override
  public String render(String name, String template) {
    return template.replaceAll("\\{\\{\\s*this\\s*}}", stagedRelation());
  }
}
