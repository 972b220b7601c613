package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.config.PipelineLoader;
import io.partita.pairing.Pairing;
import io.partita.pairing.PairingCheck;
import io.partita.pairing.PairingRepair;
import io.partita.state.PartitionState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PairingCheck} and {@link PairingRepair} on real SQLite and DuckDB files (here, beside
 * {@link TestProject}, for its backfills). The CLI scenarios are in the CLI's
 * StateWarehousePairingTest.
 */
class PairingCheckTest {
  @TempDir Path dir;

  @Test
  void storesWrittenBeforePairingArePairedAtTheirNextOpenWithoutAWarning() {
    try (TestProject project = TestProject.threeLayers(dir.resolve("a"))) {
      project.backfill(
          TestProject.request("2025-01-01..2025-01-03")); // opens the warehouse unpaired
      PairingCheck check = check(project);

      assertThat(check.judge(project.state, Optional.of(project.engine().identity())).status())
          .isEqualTo(Pairing.Status.UNPAIRED);
      PairingCheck.pair(project.state, project.engine());

      assertThat(check.judge(project.state, Optional.of(project.engine().identity())).status())
          .isEqualTo(Pairing.Status.IN_STEP);
      assertThat(project.state.identity().warehouseId())
          .isEqualTo(project.engine().identity().warehouseId());
      assertThat(project.engine().identity().stateId())
          .contains(project.state.identity().stateId());
    }
  }

  @Test
  void aWarehouseOfAnotherProjectIsOutOfStepAndFromWarehouseAdoptsItsPublishLog() {
    try (TestProject mine = TestProject.threeLayers(dir.resolve("mine"));
        TestProject other = TestProject.threeLayers(dir.resolve("other"))) {
      mine.backfill(TestProject.request("2025-01-01..2025-01-03"));
      PairingCheck.pair(mine.state, mine.engine());
      other.backfill(TestProject.request("2025-01-01..2025-01-02"));
      PairingCheck check = check(mine);

      Pairing pairing = check.judge(mine.state, Optional.of(other.engine().identity()));

      assertThat(pairing.status()).isEqualTo(Pairing.Status.WAREHOUSE_LOST);
      assertThat(pairing.problem())
          .contains(
              "is not the one the state store",
              "recorded 9 succeeded partitions",
              "`partita repair --from-warehouse`",
              "`partita repair --forget-warehouse`");
      assertThatThrownBy(pairing::requireInStep)
          .hasMessageStartingWith("State store and warehouse are out of step: the warehouse ");

      PairingRepair.Result result =
          new PairingRepair(mine.state, other.engine(), Clock.systemUTC())
              .fromWarehouse(PipelineLoader.load(mine.dir));

      assertThat(result.succeeded()).isEqualTo(6);
      assertThat(result.missing()).isEqualTo(3);
      assertThat(statuses(mine))
          .containsEntry("features 2025-01-02", "SUCCEEDED")
          .containsEntry("features 2025-01-03", "MISSING")
          .containsEntry("raw_events 2025-01-03", "MISSING");
      PartitionState rebuilt = mine.state.partitions().list("raw_events").get(0);
      assertThat(rebuilt.rows())
          .contains(other.count("select count(*) from raw_events where event_date = '2025-01-01'"));
      assertThat(rebuilt.runId()).isEqualTo(other.engine().latestPublishes().get(0).runId());
      assertThat(check.judge(mine.state, Optional.of(other.engine().identity())).status())
          .isEqualTo(Pairing.Status.IN_STEP);
    }
  }

  @Test
  void aStateStoreTheWarehouseNoLongerNamesIsOutOfStep() {
    try (TestProject project = TestProject.threeLayers(dir.resolve("a"))) {
      project.backfill(TestProject.request("2025-01-01"));
      PairingCheck.pair(project.state, project.engine());
      project
          .engine()
          .pairState(
              "0123456789abcdef"); // e.g. repaired with a new store, then an old copy restored

      Pairing pairing =
          check(project).judge(project.state, Optional.of(project.engine().identity()));

      assertThat(pairing.status()).isEqualTo(Pairing.Status.STATE_LOST);
      assertThat(pairing.problem())
          .contains(
              "was last written with another state store", "`partita repair --from-warehouse`");
    }
  }

  @Test
  void aLostWarehouseThatHeldNothingIsNotAProblem() {
    try (TestProject project = TestProject.threeLayers(dir.resolve("a"))) {
      PairingCheck check = check(project);

      assertThat(check.judge(project.state, Optional.empty()).status())
          .isEqualTo(Pairing.Status.UNPAIRED);
      assertThat(
              check
                  .atStart(
                      project.state,
                      () -> {
                        throw new AssertionError("no warehouse file to peek at");
                      })
                  .outOfStep())
          .isFalse();
    }
  }

  private static PairingCheck check(TestProject project) {
    return new PairingCheck(
        project.dir.resolve(".partita/state.db"), project.dir.resolve(".partita/warehouse.duckdb"));
  }

  private static Map<String, String> statuses(TestProject project) {
    Map<String, String> statuses = new TreeMap<>();
    for (String asset : new String[] {"raw_events", "staging_events", "features"}) {
      for (PartitionState state : project.state.partitions().list(asset)) {
        statuses.put(asset + " " + state.partition(), state.status().name());
      }
    }
    return statuses;
  }
}
