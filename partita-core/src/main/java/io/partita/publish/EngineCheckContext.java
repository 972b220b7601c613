package io.partita.publish;

import io.partita.check.CheckContext;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.config.TemplateContext;
import io.partita.engine.Engine;
import io.partita.model.PartitionKey;
import io.partita.plan.Planner;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The {@link CheckContext} of one staged partition: queries go to the engine, history to the state
 * store.
 */
final class EngineCheckContext extends ReaderCheckContext {
  private final Pipeline pipeline;
  private final AssetDefinition asset;
  private final PartitionKey partition;
  private final String stagedRelation;
  private final Engine engine;
  private final StateStore state;
  private final SqlTemplates templates;
  private final String runId;
  private final BiFunction<String, PartitionKey, Optional<String>> stagedInRun;
  private Optional<String> live;

  /**
   * @param stagedInRun the staged relation of (asset, partition) when this run holds it unpublished
   *     (atomic publish), else empty
   */
  EngineCheckContext(
      WapServices services,
      AssetDefinition asset,
      PartitionKey partition,
      String stagedRelation,
      String runId,
      BiFunction<String, PartitionKey, Optional<String>> stagedInRun) {
    super(services.engine());
    this.pipeline = services.pipeline();
    this.asset = asset;
    this.partition = partition;
    this.stagedRelation = stagedRelation;
    this.engine = services.engine();
    this.state = services.state();
    this.templates = services.templates();
    this.runId = runId;
    this.stagedInRun = stagedInRun;
  }

  @Override
  public String asset() {
    return asset.name();
  }

  @Override
  public PartitionKey partition() {
    return partition;
  }

  @Override
  public String timeColumn() {
    return asset.timeColumn();
  }

  @Override
  public String stagedRelation() {
    return stagedRelation;
  }

  @Override
  public Optional<String> liveRelation() {
    // Asked by several checks of the same partition; the answer cannot change while they run.
    if (live == null) {
      live =
          exists(engine.relation(asset.name()))
              ? Optional.of(engine.relation(asset.name()))
              : Optional.empty();
    }
    return live;
  }

  @Override
  public Optional<String> partitionRelation(String assetName, PartitionKey key) {
    Optional<String> staged = stagedInRun.apply(assetName, key);
    if (staged.isPresent()) {
      return staged;
    }
    if (assetName.equals(asset.name()) && key.equals(partition)) {
      return Optional.of(stagedRelation);
    }
    String relation = engine.relation(assetName);
    if (!exists(relation)) {
      return Optional.empty();
    }
    String column = pipeline.asset(assetName).timeColumn();
    return Optional.of(
        "(SELECT * FROM "
            + relation
            + " WHERE "
            + windowPredicate(column, key)
            + ") AS partition_rows");
  }

  @Override
  public Optional<String> upstreamRelation(String assetName) {
    List<PartitionKey> keys =
        asset.dependencies().stream()
            .filter(dependency -> dependency.asset().equals(assetName))
            .findFirst()
            .map(dependency -> new Planner(pipeline).upstreamKeys(dependency, partition))
            .orElse(List.of(partition));
    List<String> relations = new ArrayList<>();
    for (PartitionKey key : keys) {
      partitionRelation(assetName, key).ifPresent(relations::add);
    }
    if (relations.isEmpty()) {
      return Optional.empty();
    }
    if (relations.size() == 1) {
      return Optional.of(relations.get(0));
    }
    List<String> selects = relations.stream().map(relation -> "SELECT * FROM " + relation).toList();
    return Optional.of("(" + String.join(" UNION ALL ", selects) + ") AS upstream_rows");
  }

  @Override
  public List<PartitionKey> publishedBefore(int count) {
    // Looks back at most ten times as far as asked (and a month): further history is no baseline.
    PartitionKey oldest = partition.plus(-Math.max(count * 10, 30));
    List<PartitionState> states =
        state.partitions().list(asset.name(), oldest.key(), partition.plus(-1).key());
    List<PartitionKey> keys = new ArrayList<>(count);
    for (int i = states.size() - 1; i >= 0 && keys.size() < count; i--) {
      if (states.get(i).status() == PartitionStatus.SUCCEEDED) {
        keys.add(partition.grain().parseKey(states.get(i).partition()));
      }
    }
    return keys;
  }

  @Override
  public String windowPredicate(String column, PartitionKey key) {
    return key.sqlPredicate(column);
  }

  /** One range over contiguous windows, so the engine can prune row groups by min/max. */
  @Override
  public String windowPredicate(String column, PartitionKey first, int count) {
    PartitionKey last = first.plus(count - 1);
    String quoted = "\"" + column.replace("\"", "\"\"") + "\"";
    return "("
        + quoted
        + " >= "
        + first.grain().sqlLiteral(first.start())
        + " AND "
        + quoted
        + " < "
        + last.grain().sqlLiteral(last.end())
        + ")";
  }

  @Override
  public List<Double> trailing(String metric, int count) {
    return state.checks().trailing(asset.name(), metric, partition.key(), count);
  }

  @Override
  public java.util.Map<PartitionKey, java.util.Map<String, Double>> storedMetrics(
      List<PartitionKey> partitions, List<String> metrics) {
    java.util.Map<String, java.util.Map<String, Double>> stored =
        state
            .checks()
            .metrics(asset.name(), partitions.stream().map(PartitionKey::key).toList(), metrics);
    java.util.Map<PartitionKey, java.util.Map<String, Double>> byKey = new java.util.HashMap<>();
    for (PartitionKey key : partitions) {
      java.util.Map<String, Double> values = stored.get(key.key());
      if (values != null) {
        byKey.put(key, values);
      }
    }
    return byKey;
  }

  @Override
  public String render(String name, String template) {
    TemplateContext context =
        new TemplateContext(
            partition, engine::relation, stagedRelation, pipeline.projectDir(), runId);
    return templates.renderSql(name, template, context);
  }

  private boolean exists(String relation) {
    try {
      engine.query("SELECT 1 FROM " + relation + " LIMIT 0", 1);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
