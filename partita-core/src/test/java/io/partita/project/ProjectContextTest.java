package io.partita.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.engine.Engine;
import io.partita.exec.BackfillRequest;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.pairing.Pairing;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectContextTest {
  @TempDir Path dir;

  @BeforeEach
  void project() throws IOException {
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(
        dir.resolve("partita.yaml"),
        """
        name: context_test
        warehouse: duckdb:data/warehouse.duckdb
        state: sqlite:data/state.db
        partitions: {grain: day, start: 2025-01-01}
        defaults: {time_column: d}
        assets:
          a: {sql: models/a.sql}
        """);
    Files.writeString(dir.resolve("models/a.sql"), "select {{ start }} as d\n");
  }

  @Test
  void aSharedWarehouseServesTheOtherContextsOfTheProcessAndOutlivesTheirClose() {
    try (ProjectContext holder = ProjectContext.open(dir)) {
      Engine engine = holder.engine();
      try (ProjectContext.Sharing sharing = holder.shareWarehouse(engine)) {
        try (ProjectContext other = ProjectContext.open(dir);
            Engine reader = other.readOnlyEngine()) {
          assertThat(other.engine().query("select 7 as seven", 1).rows().get(0).get(0))
              .isEqualTo(7);
          assertThat(reader.identity()).isEqualTo(engine.identity());
        }
        // Closing the borrowers left the holder's connection open.
        assertThat(engine.query("select 1 as one", 1).rows()).hasSize(1);
        assertThatThrownBy(() -> holder.shareWarehouse(engine))
            .isInstanceOf(PartitaException.class)
            .hasMessageContaining("is shared already");
      }
      // Sharing ended: it can start again.
      holder.shareWarehouse(engine).close();
    }
  }

  @Test
  void readingAProjectThatNeverRanCreatesNothing() {
    try (ProjectContext context = ProjectContext.open(dir)) {
      assertThat(context.readState().runs().list(10)).isEmpty();
      assertThat(context.pairing()).isNotNull();
      assertThat(context.readRuns().plan(BackfillRequest.of("2025-01-01")).plan().tasks())
          .hasSize(1);
      assertThat(context.warehouseExists()).isFalse();
    }
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aRunWritesTheStateStoreAndWarehouseTheUrlsName() {
    try (ProjectContext context = ProjectContext.open(dir)) {
      RunManager runs = context.runs();
      BackfillRequest request = BackfillRequest.of("2025-01-01..2025-01-02");
      RunRecord run = runs.create(runs.plan(request), request);
      RunResult result = runs.execute(run.id(), RunListener.NONE);

      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(context.engine()).isSameAs(context.engine());
      assertThat(context.statePath()).isEqualTo(dir.resolve("data/state.db"));
      assertThat(context.warehousePath()).isEqualTo(dir.resolve("data/warehouse.duckdb"));
    }
    assertThat(dir.resolve("data/state.db")).exists();
    assertThat(dir.resolve("data/warehouse.duckdb")).exists();
    try (ProjectContext again = ProjectContext.open(dir)) {
      assertThat(again.pairing().status()).isEqualTo(Pairing.Status.IN_STEP);
      assertThat(again.readState().runs().list(10)).hasSize(1);
    }
  }

  @Test
  void aDirectoryWithoutPartitaYamlIsRefusedNamingIt() throws IOException {
    Files.delete(dir.resolve("partita.yaml"));

    assertThatThrownBy(() -> ProjectContext.open(dir))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining("No partita.yaml in " + dir)
        .hasMessageContaining("partita init DIR");
  }

  @Test
  void anUnknownSchemeIsRefusedBeforeAnythingIsOpened() throws IOException {
    Path yaml = dir.resolve("partita.yaml");
    Files.writeString(
        yaml, Files.readString(yaml).replace("sqlite:data/state.db", "jdbc:sqlite:data/state.db"));

    assertThatThrownBy(() -> ProjectContext.open(dir))
        .isInstanceOfSatisfying(
            PartitaException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageStartingWith(
            "partita.yaml: state 'jdbc:sqlite:data/state.db' has no state store");
    assertThat(dir.resolve("data")).doesNotExist();
  }
}
