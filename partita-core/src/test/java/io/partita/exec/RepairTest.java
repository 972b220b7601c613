package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.config.PipelineLoader;
import io.partita.publish.Staleness;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stale partitions, --downstream, targeted repair, and runs pinned to their snapshot across a
 * pause.
 */
class RepairTest {
  @TempDir Path dir;

  @Test
  void editingAModelMakesItsAssetAndDownstreamStaleButNotUpstream() {
    try (TestProject project = TestProject.threeLayers(dir)) {
      project.backfill(TestProject.request("2025-01-01..2025-01-05"));
      Staleness before = new Staleness(PipelineLoader.load(project.dir), project.state);
      assertThat(before.stalePartitions("staging_events")).isEmpty();

      project.write(
          "models/staging_events.sql",
          TestProject.STAGING_EVENTS.replace("'v1' as model_version", "'v2' as model_version"));
      Staleness after = new Staleness(PipelineLoader.load(project.dir), project.state);

      assertThat(after.stalePartitions("raw_events")).isEmpty();
      assertThat(after.stalePartitions("staging_events")).hasSize(5);
      assertThat(after.stalePartitions("features")).hasSize(5);

      RunResult result =
          project
              .runs()
              .execute(
                  project
                      .runs()
                      .create(
                          project
                              .runs()
                              .plan(
                                  TestProject.request("").withMaxParallel(2).toBuilder()
                                      .staleOnly(true)
                                      .build()),
                          TestProject.request("").withMaxParallel(2))
                      .id(),
                  RunListener.NONE);

      assertThat(result.tasks())
          .extracting(t -> t.asset())
          .containsOnly("staging_events", "features")
          .hasSize(10);
      assertThat(project.query("select distinct model_version from staging_events"))
          .containsExactly(List.of("v2"));
      assertThat(
              new Staleness(PipelineLoader.load(project.dir), project.state)
                  .stalePartitions("features"))
          .isEmpty();
      assertThatThrownBy(
              () ->
                  project.runs().plan(TestProject.request("").toBuilder().staleOnly(true).build()))
          .hasMessageContaining("Nothing is stale in the selection");
    }
  }

  @Test
  void downstreamAddsThePartitionsWhoseWindowsReadTheFixedOne() {
    try (TestProject project = TestProject.threeLayers(dir)) {
      project.backfill(TestProject.request("2025-01-01..2025-01-10").withMaxParallel(3));

      var planned =
          project
              .runs()
              .plan(
                  TestProject.request("staging_events", "2025-01-05", 2).toBuilder()
                      .withDownstream(true)
                      .build());

      assertThat(planned.plan().tasks())
          .extracting(t -> t.asset() + " " + t.partition().key())
          .containsExactly(
              "staging_events 2025-01-05",
              "features 2025-01-05",
              "features 2025-01-06",
              "features 2025-01-07");
    }
  }

  @Test
  void aTargetedRepairRewritesOnlyItsPartitionsAndChecksGateEachOne() {
    try (TestProject project = TestProject.threeLayers(dir)) {
      project.withAssets(
          """
          checked:
            sql: models/checked.sql
            time_column: date
            checks:
              - not_null: {columns: [amount_3d]}
          """);
      project.write(
          "models/checked.sql",
          "select * from {{ ref('features') }} where date >= {{ start }} and date < {{ end }}\n");
      project.backfill(TestProject.request("2025-01-01..2025-01-31").withMaxParallel(3));
      Map<String, String> before = hashes(project);

      project.write(
          "models/staging_events.sql",
          TestProject.STAGING_EVENTS.replace(
              "round(amount, 2) as amount", "round(amount, 2) + 1 as amount"));
      RunResult repair =
          project.backfill(TestProject.request("staging_events", "2025-01-10..2025-01-14", 3));
      Map<String, String> after = hashes(project);

      assertThat(repair.tasks()).extracting(TaskRecord::asset).containsOnly("staging_events");
      assertThat(repair.tasks())
          .extracting(TaskRecord::partition)
          .containsExactly("2025-01-10", "2025-01-11", "2025-01-12", "2025-01-13", "2025-01-14");
      for (String cell : before.keySet()) {
        boolean repaired =
            cell.startsWith("staging_events ")
                && cell.compareTo("staging_events 2025-01-10") >= 0
                && cell.compareTo("staging_events 2025-01-14") <= 0;
        if (repaired) {
          assertThat(after.get(cell)).as(cell).isNotEqualTo(before.get(cell));
        } else {
          assertThat(after.get(cell)).as(cell).isEqualTo(before.get(cell));
        }
      }
      // Propagate to the checked downstream assets: each partition passes its check before publish.
      RunResult downstream =
          project
              .runs()
              .execute(
                  project
                      .runs()
                      .create(
                          project
                              .runs()
                              .plan(
                                  TestProject.request("staging_events", "2025-01-10..2025-01-14", 3)
                                      .toBuilder()
                                      .withDownstream(true)
                                      .build()),
                          TestProject.request("staging_events", "2025-01-10..2025-01-14", 3))
                      .id(),
                  RunListener.NONE);
      assertThat(downstream.tasks())
          .extracting(t -> t.asset() + " " + t.partition())
          .contains("features 2025-01-16", "checked 2025-01-16")
          .doesNotContain("features 2025-01-17", "features 2025-01-09");
      assertThat(project.state.checks().forRun(downstream.runId()))
          .hasSize(7)
          .allMatch(r -> r.outcome().equals("passed"));
    }
  }

  @Test
  void editingTheModelWhileARunIsPausedDoesNotChangeWhatItWrites() throws Exception {
    try (TestProject project = TestProject.threeLayers(dir)) {
      RunRecord run =
          project.create(
              TestProject.request("staging_events", "2025-01-01..2025-01-04", 1)
                  .withAssets("+staging_events"));
      CountDownLatch firstDone = new CountDownLatch(1);
      CountDownLatch paused = new CountDownLatch(1);
      Thread thread =
          new Thread(
              () ->
                  project
                      .runs()
                      .execute(
                          run.id(),
                          new RunListener() {
                            @Override
                            public void taskFinished(TaskRecord task) {
                              if (task.asset().equals("staging_events")
                                  && task.status() == TaskStatus.SUCCEEDED
                                  && firstDone.getCount() > 0) {
                                project.runs().pause(run.id());
                                firstDone.countDown();
                              }
                            }

                            @Override
                            public void runFinished(RunResult result) {
                              paused.countDown();
                            }
                          }));
      thread.start();
      assertThat(firstDone.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();
      thread.join();
      assertThat(project.runs().find(run.id()).status()).isEqualTo(RunStatus.PAUSED);

      project.write(
          "models/staging_events.sql",
          TestProject.STAGING_EVENTS.replace("'v1' as model_version", "'edited' as model_version"));
      RunResult resumed = project.runs().execute(run.id(), RunListener.NONE);

      assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(project.query("select distinct model_version from staging_events"))
          .containsExactly(List.of("v1"));
      assertThat(project.count("select count(distinct event_date) from staging_events"))
          .isEqualTo(4);
    }
  }

  @Test
  void reprocessFailedAlsoRunsTheDownstreamPartitionsThatNeverRan() {
    try (TestProject project = TestProject.threeLayers(dir)) {
      project.write(
          "models/staging_events.sql",
          TestProject.STAGING_EVENTS.replace(
              "'v1' as model_version",
              "case when event_date = date '2025-01-03' then error('bad day') else 'v1' end as model_version"));
      RunResult broken =
          project.backfill(TestProject.request("2025-01-01..2025-01-05").withMaxParallel(2));
      assertThat(broken.tasks())
          .filteredOn(t -> t.status() == TaskStatus.FAILED)
          .extracting(t -> t.asset() + " " + t.partition())
          .containsExactly("staging_events 2025-01-03");
      project.write("models/staging_events.sql", TestProject.STAGING_EVENTS);

      var planned =
          project
              .runs()
              .plan(
                  TestProject.withReprocess(
                      TestProject.request("2025-01-01..2025-01-05"),
                      io.partita.plan.Reprocess.FAILED));

      assertThat(planned.plan().tasks())
          .extracting(t -> t.asset() + " " + t.partition().key())
          .containsExactly(
              "staging_events 2025-01-03",
              "features 2025-01-03",
              "features 2025-01-04",
              "features 2025-01-05");
    }
  }

  /** md5 of the ordered rows of every (asset, day). */
  private static Map<String, String> hashes(TestProject project) {
    Map<String, String> hashes = new TreeMap<>();
    String[][] assets = {
      {"raw_events", "event_date"},
      {"staging_events", "event_date"},
      {"features", "date"},
      {"checked", "date"}
    };
    for (String[] asset : assets) {
      for (List<Object> row :
          project.query(
              "select "
                  + asset[1]
                  + "::varchar, md5(string_agg(t::varchar, '|' order by t::varchar))"
                  + " from "
                  + asset[0]
                  + " t group by 1")) {
        hashes.put(asset[0] + " " + row.get(0), String.valueOf(row.get(1)));
      }
    }
    return hashes;
  }
}
