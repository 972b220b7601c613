package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.lineage.LineageIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log, `lineage` and `audit`, audit columns and OpenLineage events of real backfills. */
class LineageAndAuditTest {
  @TempDir Path temp;

  @Test
  void everyEventOfABackfillValidatesAgainstTheOfficialOpenLineageSchema() throws IOException {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-03", "--reason", "schema test")
        .assertExit(0);
    String runId = Projects.runIds(project).get(0);

    List<JsonNode> events = events(project);

    OpenLineageSchemas schemas = new OpenLineageSchemas();
    assertThat(events).hasSize(2 + 9 * 2);
    for (JsonNode event : events) {
      assertThat(schemas.problems(event)).as("%s", event).isEmpty();
    }
    JsonNode parent = events.get(0);
    assertThat(parent.get("eventType").asText()).isEqualTo("START");
    assertThat(parent.at("/run/runId").asText()).isEqualTo(LineageIds.run(runId).toString());
    assertThat(events.get(events.size() - 1).get("eventType").asText()).isEqualTo("COMPLETE");
    List<JsonNode> tasks =
        events.stream()
            .filter(e -> !e.at("/run/facets/partita_partition").isMissingNode())
            .toList();
    assertThat(tasks)
        .hasSize(18)
        .allSatisfy(
            event -> {
              JsonNode facet = event.at("/run/facets/partita_partition");
              assertThat(event.at("/job/name").asText())
                  .isEqualTo("p." + facet.get("asset").asText());
              assertThat(event.at("/run/runId").asText())
                  .isEqualTo(
                      LineageIds.attempt(
                              runId,
                              facet.get("asset").asText(),
                              facet.get("partition").asText(),
                              facet.get("attempt").asInt())
                          .toString());
              assertThat(event.at("/run/facets/parent/run/runId").asText())
                  .isEqualTo(LineageIds.run(runId).toString());
              assertThat(event.at("/run/facets/nominalTime/nominalStartTime").asText())
                  .startsWith(facet.get("partition").asText());
              assertThat(event.at("/outputs/0/namespace").asText())
                  .startsWith("duckdb:///")
                  .endsWith("warehouse.duckdb");
              assertThat(event.at("/outputs/0/name").asText())
                  .isEqualTo("main." + facet.get("asset").asText());
            });
    JsonNode complete =
        tasks.stream()
            .filter(
                e ->
                    e.get("eventType").asText().equals("COMPLETE")
                        && e.at("/job/name").asText().endsWith(".features"))
            .findFirst()
            .orElseThrow();
    assertThat(complete.at("/outputs/0/outputFacets/outputStatistics/rowCount").asLong())
        .isPositive();
    assertThat(complete.at("/outputs/0/facets/schema/fields")).isNotEmpty();
    assertThat(complete.at("/inputs/0/name").asText()).isEqualTo("main.staging_events");
  }

  @Test
  void theAuditLogAnswersWhoWroteAPartitionFromWhichInputs() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01..2024-12-03",
            "--actor",
            "alice",
            "--reason",
            "initial load")
        .assertExit(0);
    String runId = Projects.runIds(project).get(0);

    JsonNode audit = Cli.json(project, "audit", "--run", runId).get("audit");

    assertThat(audit).hasSize(18);
    assertThat(audit)
        .allSatisfy(
            row -> {
              assertThat(row.get("actor").asText()).isEqualTo("alice");
              assertThat(row.get("reason").asText()).isEqualTo("initial load");
              assertThat(row.get("run_kind").asText()).isEqualTo("backfill");
              assertThat(row.get("engine_version").asText()).isNotBlank();
              assertThat(row.get("partita_version").asText()).isNotBlank();
              assertThat(row.get("snapshot").asText()).hasSizeGreaterThan(12);
            });
    JsonNode featuresEnd = find(audit, "end", "features", "2024-12-03");
    assertThat(featuresEnd.get("status").asText()).isEqualTo("succeeded");
    assertThat(featuresEnd.get("rows_written").asLong()).isPositive();
    assertThat(featuresEnd.get("rows_read").asLong()).isPositive();
    assertThat(featuresEnd.get("inputs"))
        .extracting(
            input ->
                input.get("asset").asText()
                    + " "
                    + input.get("partition").asText()
                    + " "
                    + input.get("run_id").asText())
        .containsExactly(
            "staging_events 2024-12-01 " + runId,
            "staging_events 2024-12-02 " + runId,
            "staging_events 2024-12-03 " + runId);

    JsonNode upstream =
        Cli.json(project, "lineage", "features", "--partition", "2024-12-03").get("partition");
    assertThat(upstream.get("run_id").asText()).isEqualTo(runId);
    assertThat(upstream.get("inputs")).hasSize(3);
    assertThat(upstream.at("/inputs/2/inputs/0/asset").asText()).isEqualTo("raw_events");
    JsonNode shallow =
        Cli.json(project, "lineage", "features", "--partition", "2024-12-03", "--depth", "1")
            .get("partition");
    assertThat(shallow.at("/inputs/0/inputs")).isEmpty();
    JsonNode downstream =
        Cli.json(project, "lineage", "raw_events", "--partition", "2024-12-01", "--downstream")
            .get("partition");
    assertThat(downstream.at("/read_by/0/asset").asText()).isEqualTo("staging_events");
    assertThat(downstream.at("/read_by/0/read_by"))
        .extracting(node -> node.get("partition").asText())
        .containsExactly("2024-12-01", "2024-12-02", "2024-12-03");
    Cli.Result text =
        Cli.in(project, "lineage", "features", "--partition", "2024-12-03").assertExit(0);
    assertThat(text.stdout())
        .contains("features 2024-12-03  (run " + runId)
        .contains("└── staging_events 2024-12-03");
    assertThat(Cli.in(project, "audit", "--assets", "--partitions").assertExit(0).stdout())
        .contains("read staging_events 2024-12-01 (written by " + runId + ")")
        .contains("by alice (initial load)");
  }

  @Test
  void auditColumnsTagEveryWrittenRow() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        "  time_column: event_date",
        "  time_column: event_date\n  audit_columns: true");
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);
    String runId = Projects.runIds(project).get(0);

    JsonNode counts =
        Cli.json(
                project,
                "query",
                "select count(*), count(*) filter (where _partita_run_id = '"
                    + runId
                    + "' and _partita_written_at is not null) from features")
            .get("rows")
            .get(0);

    assertThat(counts.get(0).asLong()).isPositive().isEqualTo(counts.get(1).asLong());
  }

  @Test
  void auditColumnsAlsoTagTheRowsACommandAssetWrites() {
    Path project = Projects.slow(temp.resolve("p"), 0);
    Projects.edit(
        project.resolve("partita.yaml"),
        "  time_column: event_date",
        "  time_column: event_date\n  audit_columns: true");
    Cli.in(project, "backfill", "--partitions", "2024-12-01", "--assets", "raw_events")
        .assertExit(0);
    String runId = Projects.runIds(project).get(0);

    JsonNode counts =
        Cli.json(
                project,
                "query",
                "select count(*), count(*) filter (where _partita_run_id = '"
                    + runId
                    + "' and _partita_written_at is not null) from raw_events")
            .get("rows")
            .get(0);

    assertThat(counts.get(0).asLong()).isPositive().isEqualTo(counts.get(1).asLong());
  }

  @Test
  void aMistypedLineageTransportIsAConfigErrorWithASuggestion() {
    Path project = Projects.init(temp.resolve("p"));
    Files.exists(project);
    Projects.write(
        project.resolve("partita.yaml"),
        Projects.read(project.resolve("partita.yaml"))
            + "lineage: {transport: htp, url: http://localhost:5000}\n");

    Cli.Result result = Cli.in(project, "plan", "--partitions", "2024-12-01").assertExit(2);

    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("partita.yaml:")
        .contains("unknown lineage transport 'htp'")
        .contains("http");
  }

  @Test
  void noCodeUpdatesOrDeletesAuditRows() throws IOException {
    Pattern forbidden =
        Pattern.compile(
            "(?i)(update\\s+\"?audit_(log|inputs)\\b|delete\\s+from\\s+\"?audit_(log|inputs)\\b"
                + "|insert\\s+or\\s+replace\\s+into\\s+\"?audit_|drop\\s+table\\s+(if\\s+exists\\s+)?\"?audit_)");
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          files
              .filter(f -> f.toString().matches(".*\\.(java|sql|kt|py|sh)$"))
              .filter(f -> !f.toString().contains("/target/"))
              .toList()) {
        String text = Files.readString(file);
        if (forbidden.matcher(text).find()) {
          offenders.add(root.relativize(file).toString());
        }
      }
    }
    assertThat(
            root.resolve("partita-core/src/main/resources/io/partita/state/sqlite/V5__audit.sql"))
        .exists();
    assertThat(offenders).isEmpty();
  }

  @Test
  void sigkillMidRunLosesNoStartRowAndTheResumeKeepsTheLineageIds() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    String runId;
    try (ChildCli child =
        ChildCli.start(
            temp.resolve("logs"),
            "backfill",
            "--project",
            project.toString(),
            "--partitions",
            "2024-12-01..2024-12-10",
            "--max-parallel",
            "2")) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(100))
          .until(
              () -> {
                assertThat(child.isAlive()).as("child still running%n%s", child.output()).isTrue();
                return Projects.statuses(project).values().stream()
                        .filter("succeeded"::equals)
                        .count()
                    >= 3;
              });
      child.kill();
    }
    runId = Projects.runIds(project).get(0);
    JsonNode before = Cli.json(project, "run", "show", runId);
    JsonNode auditBefore = Cli.json(project, "audit", "--run", runId).get("audit");
    for (JsonNode task : before.get("tasks")) {
      String status = task.get("status").asText();
      if (status.equals("succeeded") || status.equals("running")) {
        assertThat(
                find(
                    auditBefore,
                    "start",
                    task.get("asset").asText(),
                    task.get("partition").asText()))
            .as("START row of %s", task)
            .isNotNull();
      }
      if (status.equals("succeeded")) {
        assertThat(
                find(
                    auditBefore, "end", task.get("asset").asText(), task.get("partition").asText()))
            .as("END row of %s", task)
            .isNotNull();
      }
    }

    Cli.in(project, "resume", runId).assertExit(0);

    JsonNode auditAfter = Cli.json(project, "audit", "--run", runId).get("audit");
    assertThat(auditAfter.size()).isGreaterThan(auditBefore.size());
    for (int i = 0; i < auditBefore.size(); i++) {
      assertThat(auditAfter.get(i)).as("rows are only appended").isEqualTo(auditBefore.get(i));
    }
    List<JsonNode> events = events(project);
    Set<String> parentIds = new HashSet<>();
    for (JsonNode event : events) {
      JsonNode facet = event.at("/run/facets/partita_partition");
      if (facet.isMissingNode()) {
        parentIds.add(event.at("/run/runId").asText());
      } else {
        UUID expected =
            LineageIds.attempt(
                runId,
                facet.get("asset").asText(),
                facet.get("partition").asText(),
                facet.get("attempt").asInt());
        assertThat(event.at("/run/runId").asText()).isEqualTo(expected.toString());
        assertThat(event.at("/run/facets/parent/run/runId").asText())
            .isEqualTo(LineageIds.run(runId).toString());
      }
    }
    assertThat(parentIds).containsExactly(LineageIds.run(runId).toString());
    assertThat(
            events.stream()
                .filter(
                    e ->
                        e.at("/run/facets/partita_partition").isMissingNode()
                            && e.get("eventType").asText().equals("START")))
        .hasSize(2);
  }

  private static JsonNode find(JsonNode audit, String event, String asset, String partition) {
    for (JsonNode row : audit) {
      if (row.get("event").asText().equals(event)
          && row.get("asset").asText().equals(asset)
          && row.get("partition").asText().equals(partition)) {
        return row;
      }
    }
    return null;
  }

  /** The events file; a line cut short by a SIGKILL is skipped. */
  private static List<JsonNode> events(Path project) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(project.resolve(".partita/lineage/events.jsonl"))) {
      try {
        events.add(Cli.MAPPER.readTree(line));
      } catch (IOException truncated) {
        // The child was killed while writing this line.
      }
    }
    return events;
  }
}
