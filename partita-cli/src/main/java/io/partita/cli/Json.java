package io.partita.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.exec.DeadRuns;
import io.partita.exec.RunResult;
import io.partita.state.AssetRange;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** The documented JSON shapes of the CLI (see README "JSON output"). */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  static void putTime(ObjectNode node, String field, Optional<Instant> instant) {
    if (instant.isPresent()) {
      node.put(field, time(instant.get()));
    } else {
      node.putNull(field);
    }
  }

  /** One asset's real partitions in a run or plan: {@code {asset, partitions, tasks, extra}}. */
  static void putRange(ObjectNode node, AssetRange range) {
    node.put("asset", range.asset());
    node.put("partitions", range.partitions());
    node.put("tasks", range.tasks());
    node.put("extra", range.extra());
  }

  /** {@code "asset_ranges": [...]}, the real partitions per asset (empty for runs stored before them). */
  static void putRanges(ObjectNode node, List<AssetRange> ranges) {
    ArrayNode array = node.putArray("asset_ranges");
    ranges.forEach(range -> putRange(array.addObject(), range));
  }

  static ObjectNode run(RunRecord run, List<TaskRecord> tasks) {
    return run(run, tasks, run.status());
  }

  /**
   * One run as shown: {@code shown} is INTERRUPTED for a run whose process is gone, which adds the
   * {@code resume} command and shows its unfinished tasks as interrupted.
   */
  static ObjectNode run(RunRecord run, List<TaskRecord> tasks, RunStatus shown) {
    boolean interrupted = shown == RunStatus.INTERRUPTED;
    ObjectNode node = object();
    node.put("id", run.id());
    node.put("kind", run.kind().lowerName());
    node.put("status", shown.lowerName());
    if (interrupted) {
      node.put("resume", DeadRuns.resumeCommand(run.id()));
    }
    String spec = run.options().partitions();
    int dots = spec.indexOf("..");
    if (dots >= 0) {
      ObjectNode range = node.putObject("partitions");
      range.put("from", spec.substring(0, dots));
      range.put("to", spec.substring(dots + 2));
    } else {
      ArrayNode list = node.putArray("partitions");
      for (String key : spec.split(",")) {
        list.add(key);
      }
    }
    node.put("assets", run.options().assets());
    node.put("max_parallel", run.options().maxParallel());
    node.put("snapshot", run.snapshotHash());
    node.put("git_commit", run.gitCommit().orElse(null));
    node.put("actor", run.actor());
    node.put("reason", run.reason().orElse(null));
    node.put("created_at", time(run.createdAt()));
    putTime(node, "finished_at", run.finishedAt());
    ArrayNode array = node.putArray("tasks");
    for (TaskRecord task : tasks) {
      ObjectNode item = array.addObject();
      item.put("asset", task.asset());
      item.put("partition", task.partition());
      item.put("status", taskStatus(task, interrupted));
      item.put("attempts", task.attempts());
      putTime(item, "started_at", task.startedAt());
      putTime(item, "finished_at", task.finishedAt());
      if (task.rowsWritten().isPresent()) {
        item.put("rows_written", task.rowsWritten().get());
      } else {
        item.putNull("rows_written");
      }
      item.put("error", task.error().orElse(null));
    }
    return node;
  }

  /** A task's status; an unfinished task of an interrupted run is {@code interrupted}. */
  static String taskStatus(TaskRecord task, boolean runInterrupted) {
    return runInterrupted && !task.status().isTerminal() ? "interrupted" : task.status().lowerName();
  }

  static ObjectNode result(RunRecord run, RunResult result) {
    return run(run, result.tasks());
  }

  static String write(Object node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw PartitaException.internal("Cannot write JSON", e);
    }
  }
}
