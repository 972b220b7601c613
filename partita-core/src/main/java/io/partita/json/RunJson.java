package io.partita.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.exec.DeadRuns;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs and tasks: the shapes of {@code partita runs|run show|backfill|resume --json} and of {@code
 * /api/runs}, {@code /api/runs/{id}}.
 *
 * <p>{@code partitions} is always {@code {"from", "to", "spec"}} ({@code spec} as the run stores
 * it: {@code A..B} or {@code A,B,C}); {@code assets} is always an array of selectors, empty for
 * every asset.
 */
public final class RunJson {
  private RunJson() {}

  /**
   * A run without its tasks. {@code shown} is the status to show: INTERRUPTED for a run whose
   * process is gone, which adds the {@code resume} command.
   */
  public static ObjectNode summary(RunRecord run, RunStatus shown) {
    ObjectNode node = JsonOutput.object();
    node.put("id", run.id());
    node.put("kind", run.kind().lowerName());
    node.put("status", shown.lowerName());
    if (shown == RunStatus.INTERRUPTED) {
      node.put("resume", DeadRuns.resumeCommand(run.id()));
    }
    node.set("partitions", partitions(run.options().partitions()));
    node.set("assets", assets(run.options().assets()));
    node.put("max_parallel", run.options().maxParallel());
    node.put("actor", run.actor());
    node.put("reason", run.reason().orElse(null));
    node.put("created_at", JsonOutput.time(run.createdAt()));
    JsonOutput.putTime(node, "finished_at", run.finishedAt());
    return node;
  }

  /** A run with its tasks: the summary plus how it runs and every task. */
  public static ObjectNode detail(RunRecord run, RunStatus shown, List<TaskRecord> tasks) {
    ObjectNode node = summary(run, shown);
    node.put("publish", run.options().publish());
    node.put("snapshot", run.snapshotHash());
    node.put("git_commit", run.gitCommit().orElse(null));
    node.put("owner", run.owner().orElse(null));
    node.put("control", run.control().name().toLowerCase(Locale.ROOT));
    ArrayNode array = node.putArray("tasks");
    boolean interrupted = shown == RunStatus.INTERRUPTED;
    tasks.forEach(task -> array.add(task(task, interrupted)));
    return node;
  }

  /** One task; an unfinished task of an interrupted run shows as {@code interrupted}. */
  public static ObjectNode task(TaskRecord task, boolean runInterrupted) {
    ObjectNode item = JsonOutput.object();
    item.put("asset", task.asset());
    item.put("partition", task.partition());
    item.put("status", taskStatus(task, runInterrupted));
    item.put("attempts", task.attempts());
    JsonOutput.putTime(item, "started_at", task.startedAt());
    JsonOutput.putTime(item, "finished_at", task.finishedAt());
    item.put("rows_written", task.rowsWritten().orElse(null));
    item.put("error", task.error().orElse(null));
    return item;
  }

  /** A task's status; an unfinished task of an interrupted run is {@code interrupted}. */
  public static String taskStatus(TaskRecord task, boolean runInterrupted) {
    return runInterrupted && !task.status().isTerminal()
        ? "interrupted"
        : task.status().lowerName();
  }

  /** {@code {"from", "to", "spec"}} of a range {@code A..B} or a list {@code A,B,C}. */
  public static ObjectNode partitions(String spec) {
    ObjectNode node = JsonOutput.object();
    int dots = spec.indexOf("..");
    if (dots >= 0) {
      node.put("from", spec.substring(0, dots));
      node.put("to", spec.substring(dots + 2));
    } else {
      List<String> keys = Arrays.stream(spec.split(",")).map(String::strip).sorted().toList();
      node.put("from", keys.get(0));
      node.put("to", keys.get(keys.size() - 1));
    }
    node.put("spec", spec);
    return node;
  }

  /** The partitions of a list of keys (a scheduled run), in the same shape. */
  public static ObjectNode partitions(List<String> keys) {
    return partitions(String.join(",", keys));
  }

  /** The asset selectors of {@code a,b+}; empty (every asset) for {@code ""}. */
  public static ArrayNode assets(String selection) {
    ArrayNode array = JsonOutput.MAPPER.createArrayNode();
    Arrays.stream(selection.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .forEach(array::add);
    return array;
  }

  /**
   * {@code "asset_ranges": [{"asset", "partitions", "tasks", "extra"}]}: the real partitions per
   * asset of a run or plan, including upstream partitions read by a window (empty for runs stored
   * before ranges were kept).
   */
  public static void putRanges(
      ObjectNode node, java.util.List<io.partita.state.AssetRange> ranges) {
    com.fasterxml.jackson.databind.node.ArrayNode array = node.putArray("asset_ranges");
    for (io.partita.state.AssetRange range : ranges) {
      ObjectNode item = array.addObject();
      item.put("asset", range.asset());
      item.put("partitions", range.partitions());
      item.put("tasks", range.tasks());
      item.put("extra", range.extra());
    }
  }
}
