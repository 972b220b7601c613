package io.partita.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.state.CheckRecord;
import io.partita.state.RunRecord;
import io.partita.state.TaskRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of the API; runs and checks have the fields of the CLI's {@code --json}. */
final class JsonViews {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private JsonViews() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  static void putTime(ObjectNode node, String field, Optional<Instant> instant) {
    node.put(field, instant.map(JsonViews::time).orElse(null));
  }

  /** A run without its tasks: the fields of {@code partita runs --json}. */
  static ObjectNode runSummary(RunRecord run) {
    ObjectNode node = object();
    node.put("id", run.id());
    node.put("kind", run.kind().lowerName());
    node.put("status", run.status().lowerName());
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
    node.put("created_at", time(run.createdAt()));
    putTime(node, "finished_at", run.finishedAt());
    return node;
  }

  /** A run with its tasks: the fields of {@code partita run show ID --json}, plus progress. */
  static ObjectNode run(RunRecord run, List<TaskRecord> tasks, RunProgress progress) {
    ObjectNode node = runSummary(run);
    node.put("max_parallel", run.options().maxParallel());
    node.put("publish", run.options().publish());
    node.put("snapshot", run.snapshotHash());
    node.put("git_commit", run.gitCommit().orElse(null));
    node.put("actor", run.actor());
    node.put("reason", run.reason().orElse(null));
    node.put("owner", run.owner().orElse(null));
    node.put("control", run.control().name().toLowerCase(java.util.Locale.ROOT));
    node.set("progress", progress.toJson());
    ArrayNode array = node.putArray("tasks");
    for (TaskRecord task : tasks) {
      ObjectNode item = array.addObject();
      item.put("asset", task.asset());
      item.put("partition", task.partition());
      item.put("status", task.status().lowerName());
      item.put("attempts", task.attempts());
      putTime(item, "started_at", task.startedAt());
      putTime(item, "finished_at", task.finishedAt());
      item.put("rows_written", task.rowsWritten().orElse(null));
      item.put("error", task.error().orElse(null));
    }
    return node;
  }

  /** One verdict: the fields of {@code partita checks --json}, plus the failing rows' sample. */
  static ObjectNode check(CheckRecord record) {
    ObjectNode item = object();
    item.put("asset", record.asset());
    item.put("version", record.version());
    item.put("partition", record.partition());
    item.put("check", record.check());
    item.put("severity", record.severity());
    item.put("outcome", record.outcome());
    item.put("metric", record.metric().orElse(null));
    item.put("threshold", record.threshold());
    item.put("message", record.message());
    item.put("run_id", record.runId());
    item.put("attempt", record.attempt());
    item.put("quarantine", record.quarantine().orElse(null));
    item.put("checked_at", time(record.createdAt()));
    item.put("sample", record.sample().orElse(null));
    return item;
  }

  static String write(Object node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON", e);
    }
  }

  static ObjectNode error(String message) {
    ObjectNode node = object();
    node.put("error", message);
    return node;
  }
}
