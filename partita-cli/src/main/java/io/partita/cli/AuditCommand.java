package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.json.JsonOutput;
import io.partita.project.ProjectContext;
import io.partita.state.AuditCheck;
import io.partita.state.AuditInput;
import io.partita.state.AuditQuery;
import io.partita.state.AuditRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "The append-only audit log: one row when a task attempt starts, one when it ends.",
      "Example: partita audit --run 20250112T020000-ab12 --partitions"
    })
final class AuditCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(names = "--assets", description = "Show the asset/version/window columns.")
  boolean assets;

  @Option(names = "--partitions", description = "Show the input partitions of each attempt.")
  boolean partitions;

  @Option(names = "--run", paramLabel = "ID", description = "Only this run.")
  String run;

  @Option(
      names = "--since",
      paramLabel = "TS",
      description = "Only rows recorded at or after TS (2025-01-12 or 2025-01-12T02:00:00Z).")
  String since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Newest N rows (default 1000).")
  int limit;

  @Option(names = "--json", description = "Print the rows as JSON (see README).")
  boolean json;

  @Override
  public Integer call() {
    AuditQuery query =
        new AuditQuery(
            Optional.ofNullable(run),
            Optional.empty(),
            Optional.empty(),
            Optional.ofNullable(since).map(AuditCommand::instant),
            OptionChecks.atLeast("--limit", limit, 1));
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      List<AuditRecord> rows = workspace.readState().audit().list(query);
      if (json) {
        ObjectNode root = JsonOutput.object();
        ArrayNode array = root.putArray("audit");
        rows.forEach(row -> array.add(toJson(row)));
        System.out.println(JsonOutput.writeIndented(root));
        return 0;
      }
      if (rows.isEmpty()) {
        System.out.println("No audit rows" + (run != null ? " for run " + run : "") + ".");
        return 0;
      }
      for (AuditRecord row : rows) {
        StringBuilder line = new StringBuilder();
        line.append(JsonOutput.time(row.recordedAt()))
            .append("  ")
            .append(String.format("%-5s", row.event().lowerName()))
            .append("  run ")
            .append(row.runId())
            .append(" (")
            .append(row.runKind().lowerName())
            .append(")")
            .append("  ")
            .append(row.asset())
            .append(' ')
            .append(row.partition())
            .append("  attempt ")
            .append(row.attempt())
            .append("  ")
            .append(row.status());
        row.rowsWritten().ifPresent(count -> line.append("  rows ").append(count));
        line.append("  by ").append(Terminal.safe(row.actor()));
        row.worker().ifPresent(worker -> line.append(" on worker ").append(Terminal.safe(worker)));
        row.reason()
            .ifPresent(reason -> line.append(" (").append(Terminal.safe(reason)).append(')'));
        row.error().ifPresent(error -> line.append("  error: ").append(Terminal.safe(error)));
        System.out.println(line);
        if (assets) {
          System.out.printf(
              "      version %s  window %s..%s  mode %s  snapshot %s  git %s  partita %s  engine %s%n",
              row.version().isEmpty() ? "live" : row.version(),
              row.windowStart(),
              row.windowEnd(),
              row.writeMode(),
              row.snapshotHash().substring(0, Math.min(12, row.snapshotHash().length())),
              row.gitCommit().orElse("-"),
              row.partitaVersion(),
              row.engineVersion());
        }
        if (partitions) {
          for (AuditInput input : row.inputs()) {
            System.out.printf(
                "      read %s %s (written by %s)%n",
                input.asset(), input.partition(), input.runId().orElse("no run"));
          }
        }
      }
      return 0;
    }
  }

  static Instant instant(String text) {
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw PartitaException.user(
          "--since '%s' is not a date or timestamp: use 2025-01-12 or 2025-01-12T02:00:00Z", text);
    }
  }

  static ObjectNode toJson(AuditRecord row) {
    ObjectNode node = JsonOutput.object();
    node.put("id", row.id());
    node.put("event", row.event().lowerName());
    node.put("run_id", row.runId());
    node.put("run_kind", row.runKind().lowerName());
    node.put("attempt", row.attempt());
    node.put("actor", row.actor());
    node.put("reason", row.reason().orElse(null));
    node.put("snapshot", row.snapshotHash());
    node.put("git_commit", row.gitCommit().orElse(null));
    node.put("partita_version", row.partitaVersion());
    node.put("engine_version", row.engineVersion());
    node.put("worker", row.worker().orElse(null));
    node.put("asset", row.asset());
    node.put("version", row.version());
    node.put("partition", row.partition());
    node.put("window_start", row.windowStart().toString());
    node.put("window_end", row.windowEnd().toString());
    node.put("write_mode", row.writeMode());
    node.put("status", row.status());
    ArrayNode inputs = node.putArray("inputs");
    for (AuditInput input : row.inputs()) {
      ObjectNode item = inputs.addObject();
      item.put("asset", input.asset());
      item.put("version", input.version());
      item.put("partition", input.partition());
      item.put("run_id", input.runId().orElse(null));
    }
    putLong(node, "rows_read", row.rowsRead());
    putLong(node, "rows_written", row.rowsWritten());
    ArrayNode checks = node.putArray("checks");
    for (AuditCheck check : row.checks()) {
      checks
          .addObject()
          .put("name", check.name())
          .put("severity", check.severity())
          .put("outcome", check.outcome())
          .put("message", check.message());
    }
    node.put("started_at", JsonOutput.time(row.startedAt()));
    JsonOutput.putTime(node, "finished_at", row.finishedAt());
    node.put("error", row.error().orElse(null));
    node.put("recorded_at", JsonOutput.time(row.recordedAt()));
    return node;
  }

  private static void putLong(ObjectNode node, String field, Optional<Long> value) {
    if (value.isPresent()) {
      node.put(field, value.get());
    } else {
      node.putNull(field);
    }
  }
}
