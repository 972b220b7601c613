package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanAndSelectionTest {
  @TempDir Path temp;

  @Test
  void planJsonListsTasksInStartOrderWithTheirDependenciesAndWritesNothing() {
    Path project = Projects.init(temp.resolve("p"));

    JsonNode tasks =
        Cli.json(project, "plan", "--partitions", "2024-12-01..2024-12-03").get("tasks");

    List<String> order = new ArrayList<>();
    tasks.forEach(
        task -> order.add(task.get("partition").asText() + " " + task.get("asset").asText()));
    assertThat(order)
        .containsExactly(
            "2024-12-01 raw_events",
            "2024-12-01 staging_events",
            "2024-12-01 features",
            "2024-12-02 raw_events",
            "2024-12-02 staging_events",
            "2024-12-02 features",
            "2024-12-03 raw_events",
            "2024-12-03 staging_events",
            "2024-12-03 features");
    for (JsonNode task : tasks) {
      for (JsonNode edge : task.get("depends_on")) {
        assertThat(BackfillJsonContractTest.fieldNames(edge)).contains("asset", "partition");
      }
    }
    assertThat(dependsOn(tasks.get(0))).isEmpty();
    assertThat(dependsOn(tasks.get(4))).containsExactly("raw_events 2024-12-02");
    assertThat(dependsOn(tasks.get(8)))
        .containsExactly(
            "staging_events 2024-12-01", "staging_events 2024-12-02", "staging_events 2024-12-03");
    assertThat(Cli.json(project, "runs").get("runs")).isEmpty();
    assertThat(project.resolve(".partita/warehouse.duckdb")).doesNotExist();
  }

  @Test
  void humanPlanGroupsByPartitionAndGivesTheReasonForEachEdge() {
    Path project = Projects.init(temp.resolve("p"));

    Cli.Result result =
        Cli.in(project, "plan", "--partitions", "2024-12-01..2024-12-03").assertExit(0);

    assertThat(result.stdout())
        .contains("Plan: 9 tasks over 3 partitions")
        .contains("\n2024-12-03\n")
        .contains("ref('raw_events') in models/staging_events.sql")
        .contains("staging_events 2024-12-01..2024-12-03")
        .contains("Estimated run time: unknown (no past runs yet)");
  }

  @Test
  void dryRunPrintsThePlanAndWritesNothing() {
    Path project = Projects.init(temp.resolve("p"));

    Cli.Result result =
        Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02", "--dry-run")
            .assertExit(0);

    assertThat(result.stdout()).contains("Plan: 6 tasks").contains("Nothing was written");
    assertThat(Cli.json(project, "runs").get("runs")).isEmpty();
    assertThat(project.resolve(".partita/warehouse.duckdb")).doesNotExist();
  }

  @Test
  void fromToIsTheSameAsARange() {
    Path project = Projects.init(temp.resolve("p"));

    JsonNode range = Cli.json(project, "plan", "--partitions", "2024-12-01..2024-12-04");
    JsonNode fromTo = Cli.json(project, "plan", "--from", "2024-12-01", "--to", "2024-12-04");

    assertThat(fromTo).isEqualTo(range);
    JsonNode run =
        Cli.json(
            project,
            "backfill",
            "--from",
            "2024-12-01",
            "--to",
            "2024-12-02",
            "--assets",
            "raw_events");
    assertThat(run.get("partitions").get("from").asText()).isEqualTo("2024-12-01");
    assertThat(run.get("partitions").get("to").asText()).isEqualTo("2024-12-02");
  }

  @Test
  void orderDescStartsWithTheNewestPartition() {
    Path project = Projects.init(temp.resolve("p"));

    JsonNode tasks =
        Cli.json(project, "plan", "--partitions", "2024-12-01..2024-12-03", "--order", "desc")
            .get("tasks");

    List<String> order = new ArrayList<>();
    tasks.forEach(
        task -> order.add(task.get("partition").asText() + " " + task.get("asset").asText()));
    assertThat(order)
        .startsWith("2024-12-03 raw_events", "2024-12-03 staging_events")
        .endsWith("2024-12-01 staging_events", "2024-12-01 features");
  }

  @Test
  void plusSelectsUpstreamOrDownstreamAssets() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01", "--assets", "raw_events")
        .assertExit(0);

    assertThat(plannedAssets(project, "+features"))
        .containsExactly("raw_events", "staging_events", "features");
    assertThat(plannedAssets(project, "staging_events+"))
        .containsExactly("staging_events", "features");
    assertThat(plannedAssets(project, "+staging_events"))
        .containsExactly("raw_events", "staging_events");
    assertThat(plannedAssets(project, "raw_events")).containsExactly("raw_events");
  }

  @Test
  void aDownstreamOnlyBackfillNeedsItsUpstreamOrPlusToIncludeIt() {
    Path project = Projects.init(temp.resolve("p"));

    Cli.Result missing =
        Cli.in(
                project,
                "backfill",
                "--partitions",
                "2024-12-01..2024-12-03",
                "--assets",
                "features+")
            .assertExit(2);

    assertThat(missing.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: Upstream partitions are missing");
    assertThat(missing.stderr())
        .contains("staging_events 2024-12-01, 2024-12-02, 2024-12-03")
        .contains("--assets +features");
    assertThat(Cli.json(project, "runs").get("runs")).isEmpty();

    JsonNode run =
        Cli.json(
            project, "backfill", "--partitions", "2024-12-01..2024-12-03", "--assets", "+features");

    assertThat(run.get("status").asText()).isEqualTo("succeeded");
    assertThat(run.get("tasks")).hasSize(9);
    Set<String> assets = new LinkedHashSet<>();
    run.get("tasks").forEach(task -> assets.add(task.get("asset").asText()));
    assertThat(assets).containsExactly("raw_events", "staging_events", "features");
  }

  @Test
  void plusUpstreamAlsoIncludesTheWindowPartitionsTheRangeReads() {
    Path project = Projects.init(temp.resolve("p"));

    JsonNode run =
        Cli.json(project, "backfill", "--partitions", "2024-12-05", "--assets", "+features");

    assertThat(run.get("status").asText()).isEqualTo("succeeded");
  }

  private static Set<String> plannedAssets(Path project, String selection) {
    Set<String> assets = new LinkedHashSet<>();
    Cli.json(project, "plan", "--partitions", "2024-12-01", "--assets", selection)
        .get("tasks")
        .forEach(task -> assets.add(task.get("asset").asText()));
    return assets;
  }

  private static List<String> dependsOn(JsonNode task) {
    List<String> edges = new ArrayList<>();
    task.get("depends_on")
        .forEach(
            edge -> edges.add(edge.get("asset").asText() + " " + edge.get("partition").asText()));
    return edges;
  }
}
