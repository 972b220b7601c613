package io.partita.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.publish.Comparison;
import io.partita.publish.VersionManager;
import io.partita.state.VersionStore;
import java.util.List;

/**
 * JSON of versions, switches and canary comparisons: the fields of {@code partita versions|promote
 * --json}.
 */
public final class VersionJson {
  private VersionJson() {}

  public static ObjectNode versions(
      String asset,
      List<VersionManager.VersionInfo> list,
      List<VersionStore.VersionEvent> history) {
    ObjectNode root = JsonOutput.object();
    root.put("asset", asset);
    root.put(
        "live",
        list.stream()
            .filter(VersionManager.VersionInfo::live)
            .map(VersionManager.VersionInfo::version)
            .findFirst()
            .orElse(null));
    ArrayNode array = root.putArray("versions");
    for (VersionManager.VersionInfo info : list) {
      ObjectNode item = array.addObject();
      item.put("version", info.version());
      item.put("live", info.live());
      item.put("snapshot", info.snapshot().orElse(null));
      item.put("created_by_run", info.createdByRun().orElse(null));
      item.put("partitions_filled", info.filled());
      item.put("partitions_missing", info.missing());
      item.put("partitions_failing_checks", info.failingChecks());
      item.put("partitions_stale", info.stale());
    }
    ArrayNode events = root.putArray("history");
    for (VersionStore.VersionEvent event : history) {
      ObjectNode item = events.addObject();
      item.put("action", event.action());
      item.put("from", event.fromVersion().orElse(null));
      item.put("to", event.toVersion());
      item.put("actor", event.actor());
      item.put("reason", event.reason().orElse(null));
      item.put("details", event.details().orElse(null));
      item.put("at", JsonOutput.time(event.at()));
    }
    return root;
  }

  /**
   * The outcome of a promote or rollback; {@code switched} tells whether readers now see {@code
   * to}.
   */
  public static ObjectNode switched(VersionManager.Switch result, boolean switched) {
    ObjectNode root = JsonOutput.object();
    root.put("asset", result.asset());
    root.put("from", result.from());
    root.put("to", result.to());
    root.put("switched", switched);
    root.put("live", switched ? result.to() : result.from());
    root.put("switch_ms", result.switchTime().toNanos() / 1e6);
    result.comparison().ifPresent(c -> root.set("comparison", comparison(c)));
    return root;
  }

  public static ObjectNode comparison(Comparison comparison) {
    ObjectNode root = JsonOutput.object();
    root.put("live_version", comparison.liveVersion());
    root.put("candidate_version", comparison.candidateVersion());
    root.put("passed", comparison.passed());
    ArrayNode partitions = root.putArray("canaries");
    for (Comparison.PartitionComparison row : comparison.partitions()) {
      ObjectNode item = partitions.addObject();
      item.put("partition", row.partition());
      item.put("live_rows", row.liveRows());
      item.put("candidate_rows", row.candidateRows());
      item.put("row_delta", row.rowDelta());
      item.put("key_overlap", row.keyOverlap().orElse(null));
      ObjectNode drift = item.putObject("psi");
      row.drift().forEach(d -> drift.put(d.column(), d.psi()));
    }
    ArrayNode missing = root.putArray("missing_in_candidate");
    comparison.missingInCandidate().forEach(missing::add);
    root.put("canary_sql_passed", comparison.canarySqlPassed().orElse(null));
    ArrayNode problems = root.putArray("problems");
    comparison.problems().forEach(problems::add);
    columns(root.putObject("columns"), comparison.columns());
    return root;
  }

  /** The same fields as {@code partita promote --json}: added, removed, retyped. */
  static void columns(ObjectNode root, io.partita.model.ColumnChanges changes) {
    ArrayNode added = root.putArray("added");
    changes.added().forEach(c -> added.addObject().put("name", c.name()).put("type", c.type()));
    ArrayNode removed = root.putArray("removed");
    changes.removed().forEach(c -> removed.addObject().put("name", c.name()).put("type", c.type()));
    ArrayNode retyped = root.putArray("retyped");
    changes
        .retyped()
        .forEach(
            c ->
                retyped
                    .addObject()
                    .put("name", c.name())
                    .put("live_type", c.before())
                    .put("candidate_type", c.after()));
  }
}
