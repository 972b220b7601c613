package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One project, backfilled once over a range (7 days, max parallel 2) and once over a list of 3
 * days; every test reads it through the documented JSON of backfill, run show, runs, status and
 * query. Tests here must not write to the project.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillJsonContractTest {
  static final List<String> RUN_FIELDS =
      List.of(
          "id",
          "kind",
          "status",
          "partitions",
          "assets",
          "max_parallel",
          "snapshot",
          "created_at",
          "finished_at",
          "tasks");
  static final List<String> TASK_FIELDS =
      List.of(
          "asset",
          "partition",
          "status",
          "attempts",
          "started_at",
          "finished_at",
          "rows_written",
          "error");

  @TempDir static Path temp;
  Path project;
  JsonNode rangeRun;
  JsonNode listRun;

  @BeforeAll
  void backfillTwice() {
    project = Projects.init(temp.resolve("shop"));
    rangeRun =
        Cli.in(
                project,
                "backfill",
                "--partitions",
                "2024-12-01..2024-12-07",
                "--max-parallel",
                "2",
                "--retries",
                "2",
                "--write-mode",
                "overwrite",
                "--json")
            .assertExit(0)
            .json();
    listRun =
        Cli.in(project, "backfill", "--partitions", "2024-12-08,2024-12-09,2024-12-10", "--json")
            .assertExit(0)
            .json();
  }

  @Test
  void backfillJsonHasTheDocumentedRunFields() {
    assertRunShape(rangeRun);
    assertThat(rangeRun.get("kind").asText()).isEqualTo("backfill");
    assertThat(rangeRun.get("status").asText()).isEqualTo("succeeded");
    assertThat(rangeRun.get("partitions").get("from").asText()).isEqualTo("2024-12-01");
    assertThat(rangeRun.get("partitions").get("to").asText()).isEqualTo("2024-12-07");
    assertThat(rangeRun.get("partitions").get("spec").asText()).isEqualTo("2024-12-01..2024-12-07");
    assertThat(rangeRun.get("max_parallel").asInt()).isEqualTo(2);
    assertThat(rangeRun.get("snapshot").asText()).matches("[0-9a-f]{64}");
    assertThat(rangeRun.get("tasks")).hasSize(21);
    for (JsonNode task : rangeRun.get("tasks")) {
      assertThat(task.get("status").asText()).as("%s", task).isEqualTo("succeeded");
      assertThat(task.get("attempts").asInt()).as("%s", task).isEqualTo(1);
      assertThat(task.get("rows_written").asLong()).as("%s", task).isPositive();
      assertThat(task.get("error").isNull()).as("%s", task).isTrue();
    }
  }

  @Test
  void aListOfPartitionsHasTheRangeShapeWithItsBoundsAndTheListAsGiven() {
    assertRunShape(listRun);
    assertThat(listRun.get("partitions").get("from").asText()).isEqualTo("2024-12-08");
    assertThat(listRun.get("partitions").get("to").asText()).isEqualTo("2024-12-10");
    assertThat(listRun.get("partitions").get("spec").asText())
        .isEqualTo("2024-12-08,2024-12-09,2024-12-10");
    assertThat(listRun.get("assets").isArray()).isTrue();
    assertThat(listRun.get("assets")).isEmpty();
    assertThat(listRun.get("tasks")).hasSize(9);
  }

  @Test
  void runShowPrintsTheSameRunAsTheBackfill() {
    JsonNode shown = Cli.json(project, "run", "show", rangeRun.get("id").asText());

    assertRunShape(shown);
    assertThat(shown).isEqualTo(rangeRun);
  }

  @Test
  void runShowOfAnUnknownRunIsBadInput() {
    Cli.Result result = Cli.in(project, "run", "show", "20990101-000000-ffff").assertExit(2);

    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("Unknown run '20990101-000000-ffff'");
  }

  @Test
  void tasksStartInPartitionOrderAfterTheirUpstreamAndNeverMoreThanMaxParallelAtOnce() {
    Map<String, Instant> started = new TreeMap<>();
    Map<String, Instant> finished = new TreeMap<>();
    for (JsonNode task : rangeRun.get("tasks")) {
      String key = task.get("asset").asText() + " " + task.get("partition").asText();
      started.put(key, Instant.parse(task.get("started_at").asText()));
      finished.put(key, Instant.parse(task.get("finished_at").asText()));
    }
    for (int day = 1; day <= 7; day++) {
      String partition = "2024-12-0" + day;
      // raw_events has no upstream, so all its tasks are ready at once and start oldest first.
      // (Downstream tasks start when ready: staging D+1 may start first if raw D+1 ends first.)
      if (day > 1) {
        assertThat(started.get("raw_events " + partition))
            .as("raw_events %s starts after the day before", partition)
            .isAfterOrEqualTo(started.get("raw_events 2024-12-0" + (day - 1)));
      }
      // raw before staging before features, and features only once staging D-2..D is written.
      assertThat(started.get("staging_events " + partition))
          .isAfterOrEqualTo(finished.get("raw_events " + partition));
      assertThat(started.get("features " + partition))
          .isAfterOrEqualTo(finished.get("staging_events " + partition));
      if (day > 2) {
        assertThat(started.get("features " + partition))
            .isAfterOrEqualTo(finished.get("staging_events 2024-12-0" + (day - 2)));
      }
    }
    for (Instant instant : started.values()) {
      long running =
          started.keySet().stream()
              .filter(k -> !started.get(k).isAfter(instant) && finished.get(k).isAfter(instant))
              .count();
      assertThat(running).as("tasks running at %s", instant).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void runsJsonListsRunsNewestFirst() {
    JsonNode runs = Cli.json(project, "runs").get("runs");

    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).get("id").asText()).isEqualTo(listRun.get("id").asText());
    assertThat(runs.get(1).get("id").asText()).isEqualTo(rangeRun.get("id").asText());
    // The run summary has the same shapes as the run itself: partitions an object, assets an array.
    assertThat(runs.get(1).get("partitions")).isEqualTo(rangeRun.get("partitions"));
    assertThat(runs.get(0).get("partitions")).isEqualTo(listRun.get("partitions"));
    assertThat(runs.get(1).get("assets")).isEqualTo(rangeRun.get("assets"));
    for (JsonNode run : runs) {
      assertThat(fieldNames(run)).contains("id", "kind", "status", "created_at", "finished_at");
      assertThat(run.get("kind").asText()).isEqualTo("backfill");
      assertThat(run.get("status").asText()).isEqualTo("succeeded");
      assertThat(run.get("created_at").asText()).matches(Projects.TIMESTAMP);
      assertThat(run.get("finished_at").asText()).matches(Projects.TIMESTAMP);
    }
    assertThat(runs.get(0).get("created_at").asText())
        .isGreaterThanOrEqualTo(runs.get(1).get("created_at").asText());
  }

  @Test
  void statusJsonShowsEveryPartitionOfEveryAsset() {
    JsonNode assets =
        Cli.json(project, "status", "--partitions", "2024-12-01..2024-12-07").get("assets");

    assertThat(assets).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode asset = assets.get(i);
      assertThat(fieldNames(asset)).contains("name", "partitions");
      assertThat(asset.get("name").asText()).isEqualTo(Projects.ASSETS.get(i));
      assertThat(asset.get("partitions")).hasSize(7);
      int day = 1;
      for (JsonNode partition : asset.get("partitions")) {
        assertThat(fieldNames(partition))
            .contains("partition", "status", "rows", "run_id", "updated_at");
        assertThat(partition.get("partition").asText()).isEqualTo("2024-12-0" + day++);
        assertThat(partition.get("status").asText()).isEqualTo("succeeded");
        assertThat(partition.get("rows").asLong()).isPositive();
        assertThat(partition.get("run_id").asText()).isEqualTo(rangeRun.get("id").asText());
        assertThat(partition.get("updated_at").asText()).matches(Projects.TIMESTAMP);
      }
    }
  }

  @Test
  void statusRowsMatchTheWarehouse() {
    JsonNode features = Cli.json(project, "status", "--assets", "features").get("assets");
    assertThat(features).hasSize(1);
    long rows = 0;
    for (JsonNode partition : features.get(0).get("partitions")) {
      rows += partition.get("rows").asLong();
    }

    JsonNode query = Cli.json(project, "query", "select count(*) as n from features");

    assertThat(query.get("columns").toString()).isEqualTo("[\"n\"]");
    assertThat(query.get("rows").get(0).get(0).asLong()).isEqualTo(rows).isEqualTo(10 * 20);
  }

  @Test
  void humanStatusDrawsAGrid() {
    Cli.Result result = Cli.in(project, "status").assertExit(0);

    assertThat(result.stdout())
        .contains("features")
        .contains("##########  2024-12-01..2024-12-10")
        .contains("10 succeeded")
        .contains("legend");
  }

  @Test
  void planWithHistoryEstimatesTheRunTime() {
    Cli.Result result =
        Cli.in(project, "plan", "--partitions", "2024-12-11..2024-12-13").assertExit(0);

    assertThat(result.stdout())
        .containsPattern("Estimated run time: \\d+\\.\\d s at max parallel 2 \\(from \\d+ past")
        .contains("Nothing was written");
    assertThat(Projects.runIds(project)).hasSize(2);
  }

  @Test
  void reprocessMissingAfterAFullBackfillHasNothingToDo() {
    Cli.Result result =
        Cli.in(
                project,
                "backfill",
                "--partitions",
                "2024-12-01..2024-12-07",
                "--reprocess",
                "missing")
            .assertExit(0);

    assertThat(result.stdout())
        .contains("Nothing to do: all 21 selected partitions are already materialized");
    assertThat(Projects.runIds(project)).hasSize(2);
  }

  @Test
  void queryWithBrokenSqlIsBadInput() {
    Cli.Result result = Cli.in(project, "query", "selec count(*) from features").assertExit(2);

    assertThat(result.errorLines()).singleElement().asString().containsIgnoringCase("syntax error");
    assertThat(result.stderr()).doesNotContain("\tat ");
  }

  static void assertRunShape(JsonNode run) {
    assertThat(fieldNames(run)).containsAll(RUN_FIELDS);
    assertThat(fieldNames(run.get("partitions"))).containsExactlyInAnyOrder("from", "to", "spec");
    assertThat(run.get("assets").isArray()).as("assets is an array: %s", run).isTrue();
    assertThat(run.get("created_at").asText()).matches(Projects.TIMESTAMP);
    if (!run.get("finished_at").isNull()) {
      assertThat(run.get("finished_at").asText()).matches(Projects.TIMESTAMP);
    }
    assertThat(run.get("tasks").isArray()).isTrue();
    for (JsonNode task : run.get("tasks")) {
      assertThat(fieldNames(task)).as("%s", task).containsAll(TASK_FIELDS);
      for (String field : List.of("started_at", "finished_at")) {
        if (!task.get(field).isNull()) {
          assertThat(task.get(field).asText()).matches(Projects.TIMESTAMP);
        }
      }
    }
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
