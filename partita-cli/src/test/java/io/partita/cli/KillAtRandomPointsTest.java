package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.engine.PublishedPartition;
import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.state.PartitionState;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskStatus;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGKILL a 50-partition, 2-asset backfill (child JVM) at a random point, 20 seeds, then resume:
 * every partition published exactly once by the run, no duplicate keys, and the state store and the
 * warehouse agree on what each partition holds.
 */
class KillAtRandomPointsTest {
  private static final int PARTITIONS = 50;
  private static final int TASKS = 2 * PARTITIONS;
  private static final String RANGE = "2024-01-01..2024-02-19";

  @TempDir Path temp;

  static Stream<Long> seeds() {
    return Stream.iterate(1L, seed -> seed + 1).limit(20);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void resumeAfterSigkillAtARandomPointPublishesEveryPartitionExactlyOnce(long seed)
      throws Exception {
    Random random = new Random(seed);
    Path project = project(temp.resolve("p"));
    // Kill once between 1 and TASKS - 1 tasks have been recorded, plus up to 10 ms, so the kill
    // also
    // lands inside stage, check and publish, not only between tasks.
    int killAfter = 1 + random.nextInt(TASKS - 1);
    long extraMillis = random.nextInt(10);
    String killedRun;
    try (ChildCli child =
            ChildCli.start(
                temp.resolve("logs"),
                "backfill",
                "--project",
                project.toString(),
                "--partitions",
                RANGE,
                "--max-parallel",
                "2");
        StateStore state = awaitStateStore(project, child)) {
      String runId = null;
      while (true) {
        assertThat(child.isAlive())
            .as("child ended before %d tasks%n%s", killAfter, child.output())
            .isTrue();
        if (runId == null) {
          runId =
              state.runs().withStatus(List.of(RunStatus.RUNNING)).stream()
                  .map(r -> r.id())
                  .findFirst()
                  .orElse(null);
        } else if (state.tasks().list(runId).stream()
                .filter(t -> t.status() == TaskStatus.SUCCEEDED)
                .count()
            >= killAfter) {
          break;
        }
        Thread.sleep(2);
      }
      Thread.sleep(extraMillis);
      child.kill();
      killedRun = runId;
    }
    String runId = killedRun;

    JsonNode resumed = Cli.in(project, "resume", runId, "--json").assertExit(0).json();

    assertThat(resumed.get("status").asText()).isEqualTo("succeeded");
    assertThat(resumed.get("tasks"))
        .hasSize(TASKS)
        .allMatch(task -> task.get("status").asText().equals("succeeded"));
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"));
        DuckDbEngine engine =
            DuckDbEngine.open(project.resolve(".partita/warehouse.duckdb"), project)) {
      Map<String, Integer> publishes = new HashMap<>();
      for (PublishedPartition published : engine.published(runId)) {
        publishes.merge(published.asset() + " " + published.partition(), 1, Integer::sum);
      }
      assertThat(publishes)
          .as("publishes of run %s", runId)
          .hasSize(TASKS)
          .allSatisfy((cell, count) -> assertThat(count).as(cell).isEqualTo(1));
      for (String asset : List.of("events", "daily")) {
        List<PartitionState> partitions = state.partitions().list(asset);
        assertThat(partitions)
            .hasSize(PARTITIONS)
            .allMatch(
                p ->
                    p.status() == io.partita.state.PartitionStatus.SUCCEEDED
                        && p.runId().equals(runId));
        long stateRows = partitions.stream().mapToLong(p -> p.rows().orElseThrow()).sum();
        List<Object> counts =
            engine
                .query(
                    "select count(*), count(distinct (d, k)), count(distinct d) from " + asset, 1)
                .rows()
                .get(0);
        assertThat(((Number) counts.get(0)).longValue())
            .as("%s rows = distinct keys = state rows", asset)
            .isEqualTo(((Number) counts.get(1)).longValue())
            .isEqualTo(stateRows);
        assertThat(((Number) counts.get(2)).longValue()).isEqualTo(PARTITIONS);
        for (PartitionState partition : partitions) {
          long rows =
              ((Number)
                      engine
                          .query(
                              "select count(*) from "
                                  + asset
                                  + " where d = date '"
                                  + partition.partition()
                                  + "'",
                              1)
                          .rows()
                          .get(0)
                          .get(0))
                  .longValue();
          assertThat(rows)
              .as("%s %s", asset, partition.partition())
              .isEqualTo(partition.rows().orElseThrow());
        }
      }
    }
  }

  /** events: 20 keyed rows a day with a little real work; daily: one row per key and day. */
  private static Path project(Path dir) {
    Projects.write(
        dir.resolve("partita.yaml"),
        """
        name: kill_soak
        partitions: {grain: day, start: 2024-01-01}
        defaults: {time_column: d, retries: 0}
        assets:
          events:
            sql: models/events.sql
            write_mode: merge
            unique_key: [d, k]
          daily:
            sql: models/daily.sql
        """);
    Projects.write(
        dir.resolve("models/events.sql"),
        "select {{ start }} as d, i % 20 as k, sum(i) as v from range(200000) t(i) group by k\n");
    Projects.write(
        dir.resolve("models/daily.sql"),
        "select d, k, sum(v) as v from {{ ref('events') }} where d >= {{ start }} and d < {{ end }}"
            + " group by d, k\n");
    return dir;
  }

  private static StateStore awaitStateStore(Path project, ChildCli child)
      throws InterruptedException {
    Path file = project.resolve(".partita/state.db");
    for (int i = 0; i < 3000 && !file.toFile().exists(); i++) {
      assertThat(child.isAlive()).as("child still running%n%s", child.output()).isTrue();
      Thread.sleep(10);
    }
    return SqliteStateStore.open(file);
  }
}
