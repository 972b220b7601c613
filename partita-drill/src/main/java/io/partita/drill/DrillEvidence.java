package io.partita.drill;

import io.partita.config.AssetDefinition;
import io.partita.engine.Engine;
import io.partita.engine.PublishedPartition;
import io.partita.project.ProjectContext;
import io.partita.state.PartitionStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the warehouse and the state store say after a drill, and whether they agree. */
final class DrillEvidence {
  private DrillEvidence() {}

  /**
   * Prints, per asset, rows, duplicate keys (by unique_key, else whole rows) and partitions
   * succeeded in the state store; with a run, whether every task succeeded and each partition was
   * published once. True when there are no duplicates and, with a run, everything agrees.
   */
  static boolean report(DrillRun drill, ProjectContext workspace, Optional<String> runId) {
    Engine engine = workspace.engine();
    boolean ok = true;
    for (String name : workspace.pipeline().assetNames()) {
      AssetDefinition asset = workspace.pipeline().asset(name);
      long succeeded =
          workspace.state().partitions().list(name).stream()
              .filter(p -> p.status() == PartitionStatus.SUCCEEDED)
              .count();
      if (succeeded == 0) {
        continue;
      }
      long rows = scalar(engine, "select count(*) from " + engine.relation(name));
      long duplicates = duplicates(engine, asset);
      drill.evidence(
          "%s: %,d rows, duplicate %s = %d, %d partitions succeeded in the state store",
          name,
          rows,
          asset.uniqueKey().isEmpty() ? "rows" : "keys " + asset.uniqueKey(),
          duplicates,
          succeeded);
      ok &= duplicates == 0;
    }
    if (runId.isPresent()) {
      List<TaskRecord> tasks = workspace.state().tasks().list(runId.get());
      long done = tasks.stream().filter(t -> t.status() == TaskStatus.SUCCEEDED).count();
      Map<String, Integer> publishes = new HashMap<>();
      for (PublishedPartition published : engine.published(runId.get())) {
        publishes.merge(published.asset() + " " + published.partition(), 1, Integer::sum);
      }
      long twice = publishes.values().stream().filter(count -> count > 1).count();
      long unrecorded =
          publishes.keySet().stream()
              .filter(
                  key ->
                      tasks.stream()
                          .noneMatch(
                              t ->
                                  (t.asset() + " " + t.partition()).equals(key)
                                      && t.status() == TaskStatus.SUCCEEDED))
              .count();
      drill.evidence(
          "run %s: %d/%d tasks succeeded; %d partitions published, %d published more than once,"
              + " %d published but not recorded as succeeded",
          runId.get(), done, tasks.size(), publishes.size(), twice, unrecorded);
      ok &=
          done == tasks.size() && twice == 0 && unrecorded == 0 && publishes.size() == tasks.size();
    }
    return ok;
  }

  static long duplicates(Engine engine, AssetDefinition asset) {
    String relation = engine.relation(asset.name());
    if (asset.uniqueKey().isEmpty()) {
      return scalar(
          engine,
          "select (select count(*) from "
              + relation
              + ") - (select count(*) from (select distinct * from "
              + relation
              + "))");
    }
    return scalar(
        engine,
        "select count(*) - count(distinct ("
            + String.join(", ", asset.uniqueKey())
            + ")) from "
            + relation);
  }

  static long scalar(Engine engine, String sql) {
    Object value = engine.query(sql, 1).rows().get(0).get(0);
    return value == null ? 0 : ((Number) value).longValue();
  }
}
