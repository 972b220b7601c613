package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent writes, merge, rejected rows, broken models and snapshot pinning, end to end. */
class WriteSemanticsTest {
  static final String ALL_STAGING = "SELECT * FROM staging_events ORDER BY ALL";
  static final String ALL_FEATURES = "SELECT * FROM features ORDER BY ALL";
  static final String STAGING_BY_DAY =
      "SELECT event_date::VARCHAR, model_version, count(*)::INTEGER FROM staging_events"
          + " GROUP BY ALL ORDER BY ALL";

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() {
    project = TestProject.threeLayers(dir);
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void rerunningARangeYieldsIdenticalRows() {
    assertThat(project.backfill(TestProject.request("2025-01-01..2025-01-07")).status())
        .isEqualTo(RunStatus.SUCCEEDED);
    List<List<Object>> staging = project.query(ALL_STAGING);
    List<List<Object>> features = project.query(ALL_FEATURES);
    List<List<Object>> raw = project.query("SELECT * FROM raw_events ORDER BY ALL");

    RunResult rerun = project.backfill(TestProject.request("2025-01-03..2025-01-05"));

    assertThat(rerun.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rerun.tasks()).hasSize(9);
    assertThat(project.query("SELECT * FROM raw_events ORDER BY ALL")).isEqualTo(raw);
    assertThat(project.query(ALL_STAGING)).isEqualTo(staging).isNotEmpty();
    assertThat(project.query(ALL_FEATURES)).isEqualTo(features).isNotEmpty();
    assertThat(rerun.tasks())
        .filteredOn(t -> t.asset().equals("staging_events"))
        .extracting(t -> t.rowsWritten().orElseThrow())
        .containsExactlyElementsOf(
            project
                .query(
                    "SELECT count(*) FROM staging_events WHERE event_date BETWEEN '2025-01-03' AND"
                        + " '2025-01-05' GROUP BY event_date ORDER BY event_date")
                .stream()
                .map(row -> ((Number) row.get(0)).longValue())
                .toList());
  }

  @Test
  void overwriteReplacesOnlyItsPartition() {
    project.backfill(TestProject.request("2025-01-01..2025-01-03"));
    List<List<Object>> before = project.query(STAGING_BY_DAY);
    project.write("models/staging_events.sql", TestProject.STAGING_EVENTS.replace("'v1'", "'v2'"));

    RunResult result = project.backfill(TestProject.request("staging_events", "2025-01-02", 1));

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<List<Object>> after = project.query(STAGING_BY_DAY);
    assertThat(after).hasSize(3);
    assertThat(after.get(0)).isEqualTo(before.get(0));
    assertThat(after.get(1)).isEqualTo(List.of("2025-01-02", "v2", before.get(1).get(2)));
    assertThat(after.get(2)).isEqualTo(before.get(2));
  }

  @Test
  void mergeUpdatesMatchedKeysAndInsertsNewOnesKeepingOneRowPerKey() {
    String model =
        """
        select entity_id, event_date, count(*) * %d as events
        from {{ ref('raw_events') }}
        where event_date >= {{ start }} and event_date < {{ end }} and entity_id <= %d
        group by entity_id, event_date
        """;
    project
        .withAssets(
            """
            entity_daily:
              sql: models/entity_daily.sql
              write_mode: merge
              unique_key: [entity_id, event_date]
            """)
        .write("models/entity_daily.sql", model.formatted(1, 3));
    project.backfill(TestProject.request("+entity_daily", "2025-01-01..2025-01-02", 2));
    String perKey =
        "SELECT entity_id, event_date::VARCHAR, events FROM entity_daily ORDER BY event_date, entity_id";
    List<List<Object>> first = project.query(perKey);
    assertThat(first).hasSize(6);

    project.write("models/entity_daily.sql", model.formatted(10, 5));
    RunResult merged =
        project.backfill(TestProject.request("entity_daily", "2025-01-01..2025-01-02", 2));
    RunResult again =
        project.backfill(TestProject.request("entity_daily", "2025-01-01..2025-01-02", 2));

    assertThat(merged.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<List<Object>> rows = project.query(perKey);
    assertThat(rows).hasSize(10);
    assertThat(project.count("SELECT count(DISTINCT (entity_id, event_date)) FROM entity_daily"))
        .isEqualTo(10);
    for (List<Object> old : first) {
      assertThat(rows)
          .as("updated %s", old)
          .contains(List.of(old.get(0), old.get(1), ((Number) old.get(2)).longValue() * 10));
    }
    assertThat(rows).filteredOn(row -> ((Number) row.get(0)).intValue() > 3).hasSize(4);
  }

  @Test
  void brokenSqlFailsTheTaskWithoutRetriesNamingModelAndPartition() {
    project
        .withAssets(
            """
            broken:
              sql: models/broken.sql
              retries: 2
            """)
        .write(
            "models/broken.sql",
            "select event_date, no_such_column from {{ ref('raw_events') }}\n"
                + "where event_date >= {{ start }} and event_date < {{ end }}\n");

    RunResult result = project.backfill(TestProject.request("+broken", "2025-01-02", 1));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(1);
    TaskRecord broken = project.task(result.runId(), "broken", "2025-01-02");
    assertThat(broken.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(broken.attempts()).as("a SQL error is deterministic: no retry").isEqualTo(1);
    assertThat(broken.error().orElseThrow())
        .contains("asset 'broken' partition 2025-01-02 (models/broken.sql)")
        .contains("no_such_column");
    assertThat(project.task(result.runId(), "raw_events", "2025-01-02").status())
        .isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void aTemplateErrorIsRefusedWhenPlanningBeforeAnythingIsWritten() {
    project
        .withAssets(
            """
            templated:
              sql: models/templated.sql
              retries: 2
            """)
        .write(
            "models/templated.sql",
            "select event_date from {{ ref('raw_events') }}\nwhere event_date >= {{ begin }}\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> project.runs().plan(TestProject.request("+templated", "2025-01-02", 1)))
        .isInstanceOf(io.partita.PartitaException.class)
        .hasMessageContaining("models/templated.sql:2")
        .hasMessageContaining("begin")
        .hasMessageContaining("(asset 'templated'); nothing was written")
        .satisfies(
            e ->
                assertThat(((io.partita.PartitaException) e).category())
                    .isEqualTo(io.partita.ErrorCategory.USER));
    assertThat(project.state.runs().list(10)).isEmpty();
  }

  @Test
  void rowsOutsideThePartitionWindowFailTheTaskAndWriteNothing() {
    project.backfill(TestProject.request("raw_events,staging_events", "2025-01-02", 1));
    List<List<Object>> before = project.query(ALL_STAGING);
    project.write(
        "models/staging_events.sql",
        TestProject.STAGING_EVENTS.replace("'v1'", "'v2'")
            + "union all select -1, 1, {{ end }}, 0.0, 'leak'\n");

    RunResult result = project.backfill(TestProject.request("staging_events", "2025-01-02", 1));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    TaskRecord task = project.task(result.runId(), "staging_events", "2025-01-02");
    assertThat(task.attempts()).isEqualTo(1);
    assertThat(task.error().orElseThrow())
        .contains("asset 'staging_events' partition 2025-01-02 (models/staging_events.sql)")
        .contains("1 row has event_date outside [2025-01-02, 2025-01-03), e.g. 2025-01-03")
        .contains("nothing was written");
    assertThat(project.query(ALL_STAGING)).isEqualTo(before);
  }

  @Test
  void runExecutesTheSqlSnapshotTakenAtCreateNotTheEditedWorkingTree() {
    var run = project.create(TestProject.request("2025-01-01..2025-01-02"));
    project.write(
        "models/staging_events.sql", TestProject.STAGING_EVENTS.replace("'v1'", "'edited'"));

    RunResult result = project.runs().execute(run.id(), RunListener.NONE);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(project.query("SELECT DISTINCT model_version FROM staging_events"))
        .containsExactly(List.of("v1"));
  }

  @Test
  void commandAssetRunsThePinnedCopyOfItsScript() {
    String script =
        """
        import os
        with open(os.environ['PARTITA_OUTPUT'], 'w') as out:
            out.write('event_date,label\\n' + os.environ['PARTITA_PARTITION'] + ',%s\\n')
        """;
    project
        .withAssets(
            """
            labelled:
              command: [python3, scripts/label.py]
            """)
        .write("scripts/label.py", script.formatted("original"));
    var run = project.create(TestProject.request("labelled", "2025-01-01..2025-01-02", 2));
    project.write("scripts/label.py", script.formatted("edited"));

    RunResult result = project.runs().execute(run.id(), RunListener.NONE);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(project.query("SELECT event_date::VARCHAR, label FROM labelled ORDER BY 1"))
        .containsExactly(List.of("2025-01-01", "original"), List.of("2025-01-02", "original"));
  }
}
