package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.PartitaException;
import io.partita.publish.CanaryOptions;
import io.partita.publish.VersionManager;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versioned rebuilds: write v2 beside v1, compare on canaries, switch readers atomically, roll
 * back, drop.
 */
class VersionsTest {
  static final String FEATURES_V2 =
      TestProject.FEATURES.replace(
          "round(sum(amount), 2) as amount_3d", "round(sum(amount) * 1.01, 2) as amount_3d");

  @TempDir Path dir;

  private static VersionManager versions(TestProject project) {
    return new VersionManager(
        io.partita.config.PipelineLoader.load(project.dir),
        project.state,
        project.engine(),
        Clock.systemUTC());
  }

  @Test
  void aRebuildIntoANewVersionNeverTouchesTheLiveOne() {
    try (TestProject project = TestProject.threeLayers(dir)) {
      project.backfill(TestProject.request("2025-01-01..2025-01-10").withMaxParallel(3));
      List<List<Object>> live = project.query("select * from features order by date, entity_id");
      project.write("models/features.sql", FEATURES_V2);

      RunResultAssert result =
          new RunResultAssert(
              project.backfill(
                  TestProject.request("features", "2025-01-01..2025-01-10", 3)
                      .withTarget("features_v2")));

      result.allSucceeded(10);
      assertThat(project.query("select * from features order by date, entity_id")).isEqualTo(live);
      assertThat(project.count("select count(*) from features__v2"))
          .isEqualTo(project.count("select count(*) from features"));
      assertThat(project.query("select sum(amount_3d) from features__v2"))
          .isNotEqualTo(project.query("select sum(amount_3d) from features"));
      List<VersionManager.VersionInfo> list = versions(project).list("features");
      assertThat(list)
          .extracting(
              VersionManager.VersionInfo::version,
              VersionManager.VersionInfo::live,
              VersionManager.VersionInfo::filled)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("v1", true, 10),
              org.assertj.core.groups.Tuple.tuple("v2", false, 10));
      // The grid keeps describing what readers see: v1.
      assertThat(project.state.partitions().list("features"))
          .allMatch(p -> !p.runId().equals(result.runId()));
    }
  }

  @Test
  void promoteSwitchesReadersInOneStepAndRollbackSwitchesBack() throws Exception {
    try (TestProject project = TestProject.threeLayers(dir)) {
      project.write(
          "models/features.sql",
          TestProject.FEATURES.replace(
              "count(*) as events_3d", "count(*) as events_3d, 'one' as tag"));
      project.backfill(TestProject.request("2025-01-01..2025-01-10").withMaxParallel(3));
      project.write(
          "models/features.sql",
          TestProject.FEATURES.replace(
              "count(*) as events_3d", "count(*) as events_3d, 'two' as tag"));
      project.backfill(
          TestProject.request("features", "2025-01-01..2025-01-10", 3).withTarget("features_v2"));

      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean stop = new AtomicBoolean();
      Thread reader =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    List<List<Object>> rows =
                        project.query(
                            "select string_agg(distinct tag, ','), count(*) from features");
                    seen.add(rows.get(0).get(0) + "/" + rows.get(0).get(1));
                  } catch (Throwable e) {
                    errors.add(e);
                  }
                }
              });
      reader.start();
      while (seen.size() < 20) {
        Thread.onSpinWait();
      }
      VersionManager.Switch promoted =
          versions(project)
              .promote(
                  "features", "v2", CanaryOptions.DEFAULT, "tester", Optional.of("new features"));
      int afterPromote = seen.size();
      while (seen.size() < afterPromote + 20) {
        Thread.onSpinWait();
      }
      stop.set(true);
      reader.join();

      assertThat(promoted.comparison().orElseThrow().passed()).isTrue();
      assertThat(promoted.comparison().get().partitions())
          .extracting(p -> p.partition())
          .containsExactly("2025-01-08", "2025-01-09", "2025-01-10");
      assertThat(errors).isEmpty();
      assertThat(seen).allMatch(s -> s.equals("one/50") || s.equals("two/50"));
      assertThat(seen.get(0)).isEqualTo("one/50");
      assertThat(seen.get(seen.size() - 1)).isEqualTo("two/50");
      assertThat(project.engine().liveVersion("features")).contains("v2");
      assertThat(project.state.partitions().list("features")).hasSize(10);

      VersionManager.Switch back =
          versions(project).rollback("features", Optional.empty(), "tester", Optional.of("oops"));

      assertThat(back.to()).isEqualTo("v1");
      assertThat(project.query("select distinct tag from features"))
          .containsExactly(List.of("one"));
      assertThat(project.state.versions().events("features"))
          .extracting(
              e ->
                  e.action()
                      + " "
                      + e.fromVersion().orElse("")
                      + "->"
                      + e.toVersion()
                      + " by "
                      + e.actor()
                      + " "
                      + e.reason().orElse(""))
          .containsExactly(
              "promote v1->v2 by tester new features", "rollback v2->v1 by tester oops");
    }
  }

  @Test
  void promoteRefusesAnIncompleteOrDriftedVersionAndKeepsTheLiveOne() {
    try (TestProject project = TestProject.threeLayers(dir)) {
      project.backfill(TestProject.request("2025-01-01..2025-01-10").withMaxParallel(3));
      project.write(
          "models/features.sql",
          TestProject.FEATURES.replace(
              "round(sum(amount), 2) as amount_3d", "round(sum(amount) * 10, 2) as amount_3d"));
      project.backfill(
          TestProject.request("features", "2025-01-05..2025-01-10", 3).withTarget("features_v2"));

      VersionManager.Switch refused =
          versions(project).promote("features", "v2", CanaryOptions.DEFAULT, "t", Optional.empty());

      assertThat(refused.comparison().orElseThrow().passed()).isFalse();
      assertThat(refused.comparison().get().problems())
          .anyMatch(
              p ->
                  p.startsWith(
                      "4 partition(s) the live version has are missing in v2 (first: 2025-01-01)"))
          .anyMatch(
              p -> p.matches("2025-01-10 amount_3d: PSI \\d+\\.\\d{4} > --max-drift 0\\.2000"));
      assertThat(project.engine().liveVersion("features")).contains("v1");

      CanaryOptions lenient =
          new CanaryOptions(3, Optional.empty(), Optional.empty(), 1000, Optional.empty(), true);
      assertThat(
              versions(project)
                  .promote("features", "v2", lenient, "t", Optional.empty())
                  .comparison()
                  .get()
                  .passed())
          .isTrue();
      assertThat(project.engine().liveVersion("features")).contains("v2");
    }
  }

  @Test
  void theLiveVersionCannotBeDropped() {
    try (TestProject project = TestProject.threeLayers(dir)) {
      project.backfill(TestProject.request("2025-01-01..2025-01-03"));
      project.backfill(
          TestProject.request("features", "2025-01-01..2025-01-03", 2).withTarget("features_v2"));

      assertThatThrownBy(() -> versions(project).drop("features", "v1", "t", Optional.empty()))
          .isInstanceOf(PartitaException.class)
          .hasMessage(
              "v1 is the live version of 'features' and cannot be dropped; promote or roll back to another version first");
      versions(project).drop("features", "v2", "t", Optional.empty());
      assertThat(versions(project).list("features"))
          .extracting(VersionManager.VersionInfo::version)
          .containsExactly("v1");
      assertThatThrownBy(() -> project.query("select * from features__v2"))
          .hasMessageContaining("features__v2");
    }
  }

  /** Asserts on a finished run. */
  private record RunResultAssert(RunResult result) {
    String runId() {
      return result.runId();
    }

    void allSucceeded(int tasks) {
      assertThat(result.tasks()).hasSize(tasks).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
    }
  }

  static List<String> partitionsOf(List<TaskRecord> tasks) {
    return tasks.stream().map(t -> t.asset() + " " + t.partition()).toList();
  }
}
