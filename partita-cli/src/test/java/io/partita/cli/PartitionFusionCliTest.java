package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.engine.PublishedPartition;
import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskStatus;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code batch_size} as a user sees it: {@code plan} shows the batches, {@code run show} and {@code
 * status} one row per partition, and a fused run killed with SIGKILL resumes with every partition
 * published exactly once.
 */
class PartitionFusionCliTest {
  @TempDir Path temp;

  @Test
  void planShowsTheBatchesOfEachFusedAssetInTextAndJson() {
    Path project = fused(temp.resolve("p"));

    String text =
        Cli.in(project, "plan", "--partitions", "2024-12-01..2024-12-12").assertExit(0).stdout();
    JsonNode json =
        Cli.json(project, "plan", "--partitions", "2024-12-01..2024-12-12").get("batches");

    assertThat(text)
        .contains(
            "Batches (batch_size: one query per batch; each partition is still checked, recorded"
                + " and published on its own):")
        .contains(
            "raw_events              batch_size 5: 12 partitions in 3 batches: 2024-12-01..2024-12-05,"
                + " 2024-12-06..2024-12-10, 2024-12-11..2024-12-12")
        .contains("staging_events          batch_size auto, 6 per batch to start");
    assertThat(json).hasSize(2);
    assertThat(json.get(0).get("asset").asText()).isEqualTo("raw_events");
    assertThat(json.get(0).get("batch_size").asText()).isEqualTo("5");
    List<String> batches = new ArrayList<>();
    json.get(0)
        .get("batches")
        .forEach(
            batch ->
                batches.add(
                    batch.get("first").asText()
                        + ".."
                        + batch.get("last").asText()
                        + " "
                        + batch.get("partitions").asInt()));
    assertThat(batches)
        .containsExactly(
            "2024-12-01..2024-12-05 5", "2024-12-06..2024-12-10 5", "2024-12-11..2024-12-12 2");
    assertThat(json.get(1).get("batch_size").asText()).isEqualTo("auto");
    assertThat(project.resolve(".partita/warehouse.duckdb")).doesNotExist();
  }

  @Test
  void runShowAndStatusStillShowOneRowPerPartition() {
    Path project = fused(temp.resolve("p"));

    JsonNode run = Cli.json(project, "backfill", "--partitions", "2024-12-01..2024-12-12");

    assertThat(run.get("status").asText()).isEqualTo("succeeded");
    JsonNode shown = Cli.json(project, "run", "show", run.get("id").asText());
    assertThat(shown.get("tasks")).hasSize(36);
    List<String> rawPartitions = new ArrayList<>();
    for (JsonNode task : shown.get("tasks")) {
      if (task.get("asset").asText().equals("raw_events")) {
        rawPartitions.add(task.get("partition").asText());
        assertThat(task.get("rows_written").asLong()).isPositive();
      }
    }
    assertThat(rawPartitions).hasSize(12).doesNotHaveDuplicates();
    JsonNode status = Cli.json(project, "status");
    for (JsonNode asset : status.get("assets")) {
      assertThat(asset.get("partitions")).as(asset.get("name").asText()).hasSize(12);
    }
  }

  /**
   * SIGKILL while batches of 5 are being staged, checked and published; resume must publish each
   * partition exactly once and leave state and warehouse agreeing.
   */
  @ParameterizedTest(name = "kill after {0} succeeded tasks")
  @ValueSource(ints = {3, 17, 41})
  void killMinusNineInTheMiddleOfAFusedRunResumesWithEveryPartitionPublishedExactlyOnce(
      int killAfter) throws Exception {
    Path project = killProject(temp.resolve("k"));
    String runId;
    try (ChildCli child =
        ChildCli.start(
            temp.resolve("logs"),
            "backfill",
            "--project",
            project.toString(),
            "--partitions",
            "2024-01-01..2024-01-30",
            "--max-parallel",
            "2")) {
      runId = child.awaitRunningRun(project);
      try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
        while (state.tasks().list(runId).stream()
                .filter(t -> t.status() == TaskStatus.SUCCEEDED)
                .count()
            < killAfter) {
          assertThat(child.isAlive()).as("child ended early%n%s", child.output()).isTrue();
          Thread.sleep(2);
        }
      }
      child.kill();
    }

    JsonNode resumed = Cli.in(project, "resume", runId, "--json").assertExit(0).json();

    assertThat(resumed.get("status").asText()).isEqualTo("succeeded");
    assertThat(resumed.get("tasks"))
        .hasSize(60)
        .allMatch(task -> task.get("status").asText().equals("succeeded"));
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"));
        DuckDbEngine engine =
            DuckDbEngine.open(project.resolve(".partita/warehouse.duckdb"), project)) {
      Map<String, Integer> publishes = new HashMap<>();
      for (PublishedPartition published : engine.published(runId)) {
        publishes.merge(published.asset() + " " + published.partition(), 1, Integer::sum);
      }
      assertThat(publishes)
          .hasSize(60)
          .allSatisfy((cell, count) -> assertThat(count).as(cell).isEqualTo(1));
      for (String asset : List.of("events", "daily")) {
        List<PartitionState> partitions = state.partitions().list(asset);
        assertThat(partitions)
            .hasSize(30)
            .allMatch(p -> p.status() == PartitionStatus.SUCCEEDED && p.runId().equals(runId));
        long stateRows = partitions.stream().mapToLong(p -> p.rows().orElseThrow()).sum();
        List<Object> counts =
            engine.query("select count(*), count(distinct (d, k)) from " + asset, 1).rows().get(0);
        assertThat(((Number) counts.get(0)).longValue())
            .as("%s rows = distinct keys = state rows", asset)
            .isEqualTo(((Number) counts.get(1)).longValue())
            .isEqualTo(stateRows)
            .isEqualTo(30 * 20);
      }
      assertThat(state.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }

  /** The demo project with raw_events in batches of 5 and staging_events on auto. */
  private static Path fused(Path dir) {
    Projects.init(dir);
    Projects.edit(
        dir.resolve("partita.yaml"),
        "    arrival_column: ingested_at\n",
        "    arrival_column: ingested_at\n    batch_size: 5\n");
    Projects.edit(
        dir.resolve("partita.yaml"),
        "    sql: models/staging_events.sql     # depends on raw_events through ref()\n",
        "    sql: models/staging_events.sql     # depends on raw_events through ref()\n"
            + "    batch_size: auto\n");
    return dir;
  }

  /** events: 20 keys a day with some real work, any window; daily: a merge over it, fused too. */
  private static Path killProject(Path dir) {
    Projects.write(
        dir.resolve("partita.yaml"),
        """
        name: fused_kill
        partitions: {grain: day, start: 2024-01-01}
        defaults: {time_column: d, retries: 0}
        assets:
          events:
            sql: models/events.sql
            batch_size: 5
          daily:
            sql: models/daily.sql
            write_mode: merge
            unique_key: [d, k]
            batch_size: 5
        """);
    Projects.write(
        dir.resolve("models/events.sql"),
        """
        select cast(day as date) as d, i % 20 as k, sum(i) as v
        from range(cast({{ start }} as timestamp), cast({{ end }} as timestamp), interval 1 day)
               days(day),
             range(200000) t(i)
        group by all
        """);
    Projects.write(
        dir.resolve("models/daily.sql"),
        "select d, k, sum(v) as v from {{ ref('events') }} where d >= {{ start }} and d < {{ end }}"
            + " group by d, k\n");
    return dir;
  }
}
