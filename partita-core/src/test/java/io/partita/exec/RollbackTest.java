package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.publish.Rollbacks;
import io.partita.state.PartitionStatus;
import io.partita.state.RunKind;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code partita rollback --run ID}: every partition the run published, back to what it was. */
class RollbackTest {
  static final String ASSETS =
      """
      readings:
        sql: models/readings.sql
        checks:
          - not_null: {columns: [amount]}
      entity_totals:
        sql: models/entity_totals.sql
        write_mode: merge
        unique_key: [entity_id, event_date]
      """;

  @TempDir Path dir;
  WapProject project;
  String runA;
  List<List<Object>> readingsAfterA;
  List<List<Object>> totalsAfterA;

  @BeforeEach
  void buildJanuary1To10() {
    project = WapProject.create(dir, ASSETS);
    project.readings(WapProject.days(1, 10, 4, 1));
    RunResult a = project.backfill("2025-01-01..2025-01-10");
    assertThat(a.status()).isEqualTo(RunStatus.SUCCEEDED);
    runA = a.runId();
    readingsAfterA = project.table("readings");
    totalsAfterA = project.table("entity_totals");
  }

  @AfterEach
  void close() {
    project.close();
  }

  /** Run B: Jan 3-5 with new amounts and a third entity (new merge keys). */
  String rerunJanuary3To5(int version) {
    project.readings(
        WapProject.days(1, 2, 4, 1),
        WapProject.days(3, 5, 6, version),
        WapProject.row(3900, 3, 3, "7.5", version),
        WapProject.row(4900, 3, 4, "7.5", version),
        WapProject.days(6, 10, 4, 1));
    RunResult b = project.backfill("2025-01-03..2025-01-05");
    assertThat(b.status()).isEqualTo(RunStatus.SUCCEEDED);
    return b.runId();
  }

  @Test
  void rollbackRestoresEveryPartitionTheRunPublishedRowForRow() {
    String runB = rerunJanuary3To5(2);
    assertThat(project.table("readings")).isNotEqualTo(readingsAfterA);
    assertThat(project.table("entity_totals")).isNotEqualTo(totalsAfterA);

    Rollbacks.Result result = project.rollbacks().rollback(runB, "tester", Optional.empty(), false);

    assertThat(project.table("readings")).isEqualTo(readingsAfterA);
    assertThat(project.table("entity_totals")).isEqualTo(totalsAfterA);
    // 3 days x 4 readings, and 3 days x 2 entities of totals, put back.
    assertThat(result.rowsRestored()).isEqualTo(12 + 6);
    assertThat(result.run().kind()).isEqualTo(RunKind.ROLLBACK);
    assertThat(result.run().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.run().reason()).hasValue("rollback of run " + runB);
    assertThat(project.state.runs().list(10)).extracting(r -> r.id()).contains(result.run().id());
    assertThat(project.state.tasks().list(result.run().id()))
        .hasSize(6)
        .allMatch(task -> task.status() == TaskStatus.SUCCEEDED)
        .extracting(TaskRecord::asset, TaskRecord::partition, t -> t.rowsWritten().orElseThrow())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("readings", "2025-01-03", 4L),
            org.assertj.core.groups.Tuple.tuple("readings", "2025-01-04", 4L),
            org.assertj.core.groups.Tuple.tuple("readings", "2025-01-05", 4L),
            org.assertj.core.groups.Tuple.tuple("entity_totals", "2025-01-03", 2L),
            org.assertj.core.groups.Tuple.tuple("entity_totals", "2025-01-04", 2L),
            org.assertj.core.groups.Tuple.tuple("entity_totals", "2025-01-05", 2L));
    assertThat(project.partition("entity_totals", 4).orElseThrow().runId())
        .isEqualTo(result.run().id());
    assertThat(project.engine.lastPublish("readings", "2025-01-04").orElseThrow().runId())
        .isEqualTo(result.run().id());
  }

  @Test
  void rollingBackAPartitionALaterRunRewroteIsRefusedUnlessForced() {
    String runB = rerunJanuary3To5(2);
    project.readings(WapProject.days(1, 10, 5, 3));
    RunResult c = project.backfill("2025-01-04");
    List<List<Object>> readingsAfterC = project.table("readings");

    assertThatThrownBy(() -> project.rollbacks().rollback(runB, "tester", Optional.empty(), false))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Run %s's partitions were written again later: %s. Roll back the later run(s) first, or"
                + " pass --force to restore anyway (their data in those partitions is lost)",
            runB,
            String.join(
                ", ",
                project.engine.published(runB).stream()
                    .filter(p -> p.partition().equals("2025-01-04"))
                    .map(p -> p.asset() + " 2025-01-04 (by run " + c.runId() + ")")
                    .toList()))
        .satisfies(
            e -> assertThat(((PartitaException) e).category()).isEqualTo(ErrorCategory.USER));
    assertThat(project.table("readings"))
        .as("a refused rollback changes nothing")
        .isEqualTo(readingsAfterC);

    project.rollbacks().rollback(runB, "tester", Optional.of("bad file"), true);

    assertThat(project.table("readings")).isEqualTo(readingsAfterA);
    assertThat(project.table("entity_totals")).isEqualTo(totalsAfterA);
  }

  @Test
  void rollbackIgnoresLaterRunsOnOtherVersions() {
    String runB = rerunJanuary3To5(2);
    project.readings(WapProject.days(1, 10, 5, 3));
    RunResult v2 =
        project.backfill(
            BackfillRequest.of("2025-01-04").withAssets("readings").withTarget("readings_v2"),
            RunListener.NONE);
    assertThat(v2.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<List<Object>> version2 = project.table("readings__v2");
    assertThat(version2).hasSize(5);

    Rollbacks.Result result = project.rollbacks().rollback(runB, "tester", Optional.empty(), false);

    assertThat(result.tasks()).hasSize(6);
    assertThat(project.table("readings")).isEqualTo(readingsAfterA);
    assertThat(project.table("entity_totals")).isEqualTo(totalsAfterA);
    assertThat(project.table("readings__v2"))
        .as("the other version is untouched")
        .isEqualTo(version2);
  }

  @Test
  void rollbackRefusesWhenGcRemovedBackupsAndChangesNothing() {
    String runB = rerunJanuary3To5(2);
    List<List<Object>> readingsAfterB = project.table("readings");
    List<List<Object>> totalsAfterB = project.table("entity_totals");
    int runsBefore = project.state.runs().list(100).size();
    assertThat(project.engine.expire(java.time.Instant.now().plusSeconds(1))).isEqualTo(12 + 6);

    for (boolean force : new boolean[] {false, true}) {
      assertThatThrownBy(
              () -> project.rollbacks().rollback(runB, "tester", Optional.empty(), force))
          .isInstanceOf(PartitaException.class)
          .hasMessageStartingWith(
              "Cannot roll back run %s: 6 partition(s) it wrote had their backups removed by `partita gc` at ",
              runB)
          .hasMessageContainingAll(
              ": entity_totals v1 2025-01-03, entity_totals v1 2025-01-04, entity_totals v1 2025-01-05,"
                  + " readings v1 2025-01-03, readings v1 2025-01-04, readings v1 2025-01-05.",
              "Restoring them would empty them; nothing was changed.",
              "Rebuild them instead with `partita backfill --assets entity_totals,readings --partitions"
                  + " 2025-01-03,2025-01-04,2025-01-05`")
          .satisfies(
              e -> assertThat(((PartitaException) e).category()).isEqualTo(ErrorCategory.USER));
    }

    assertThat(project.table("readings")).isEqualTo(readingsAfterB);
    assertThat(project.table("entity_totals")).isEqualTo(totalsAfterB);
    assertThat(project.state.runs().list(100)).as("no rollback run recorded").hasSize(runsBefore);
    assertThat(project.partition("readings", 4).orElseThrow().runId()).isEqualTo(runB);
  }

  @Test
  void rollbackOfEmptyPartitionRestoresEmptiness() {
    project.readings(WapProject.days(1, 12, 4, 1));
    RunResult d = project.backfill("2025-01-11..2025-01-12");
    project.engine.expire(java.time.Instant.now().plusSeconds(1));

    Rollbacks.Result result =
        project.rollbacks().rollback(d.runId(), "tester", Optional.empty(), false);

    assertThat(result.rowsRestored()).isZero();
    assertThat(project.table("readings")).isEqualTo(readingsAfterA);
    assertThat(project.partition("readings", 12).orElseThrow().status())
        .isEqualTo(PartitionStatus.MISSING);
  }

  @Test
  void rollingBackARollbackIsRefusedAndChangesNothing() {
    String runB = rerunJanuary3To5(2);
    Rollbacks.Result undo = project.rollbacks().rollback(runB, "tester", Optional.empty(), false);

    assertThatThrownBy(
            () -> project.rollbacks().rollback(undo.run().id(), "tester", Optional.empty(), true))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Run %s is itself a rollback; a rollback keeps no backups, so it cannot be rolled back. To redo what it"
                + " undid, run `partita backfill --assets readings,entity_totals --partitions"
                + " 2025-01-03,2025-01-04,2025-01-05`",
            undo.run().id());
    assertThat(project.table("readings")).isEqualTo(readingsAfterA);
  }

  @Test
  void rollingBackARunThatPublishedNothingIsAUserError() {
    project.readings(WapProject.days(1, 10, 4, 1), WapProject.row(9999, 1, 2, "", 1));
    RunResult failed = project.backfill("2025-01-02");
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);

    assertThatThrownBy(
            () -> project.rollbacks().rollback(failed.runId(), "tester", Optional.empty(), false))
        .isInstanceOf(PartitaException.class)
        .hasMessage("Run %s published no partitions; there is nothing to roll back", failed.runId())
        .satisfies(
            e -> assertThat(((PartitaException) e).category()).isEqualTo(ErrorCategory.USER));
    assertThatThrownBy(
            () -> project.rollbacks().rollback("no-such-run", "tester", Optional.empty(), false))
        .hasMessage("Unknown run 'no-such-run': `partita runs` lists the runs");
  }

  @Test
  void partitionsFirstCreatedByTheRolledBackRunBecomeEmptyAndMissing() {
    project.readings(WapProject.days(1, 12, 4, 1));
    RunResult d = project.backfill("2025-01-11..2025-01-12");
    assertThat(project.count("select count(*) from readings where event_date > date '2025-01-10'"))
        .isEqualTo(8);

    project.rollbacks().rollback(d.runId(), "tester", Optional.empty(), false);

    assertThat(project.table("readings")).isEqualTo(readingsAfterA);
    assertThat(project.table("entity_totals")).isEqualTo(totalsAfterA);
    assertThat(project.partition("readings", 11).orElseThrow().status())
        .isEqualTo(PartitionStatus.MISSING);
    assertThat(project.partition("entity_totals", 12).orElseThrow().status())
        .isEqualTo(PartitionStatus.MISSING);
    assertThat(project.partition("readings", 10).orElseThrow().status())
        .isEqualTo(PartitionStatus.SUCCEEDED);
  }
}
