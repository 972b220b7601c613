package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse and the state store are chosen by the scheme of their partita.yaml URL. */
class BackendUrlCliTest {
  @TempDir Path temp;

  @Test
  void unknownWarehouseSchemeIsRefusedListingKnownOnes() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        "warehouse: duckdb:.partita/warehouse.duckdb",
        "warehouse: mysql://db.example/warehouse");

    Cli.Result result =
        Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(2);

    assertThat(result.stderr().lines().filter(line -> line.startsWith("error:")))
        .containsExactly(
            "error: partita.yaml: warehouse 'mysql://db.example/warehouse' has no engine (scheme"
                + " not supported): use one of the known schemes duckdb:, postgres://, postgresql://");
    assertThat(project.resolve(".partita")).doesNotExist();
  }

  @Test
  void unknownStateSchemeIsRefusedListingKnownOnes() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        "state: sqlite:.partita/state.db",
        "state: mysql://db.example/partita");

    Cli.Result result = Cli.in(project, "status").assertExit(2);

    assertThat(result.stderr())
        .contains(
            "error: partita.yaml: state 'mysql://db.example/partita' has no state store"
                + " (scheme not supported): use one of the known schemes postgres://,"
                + " postgresql://, sqlite:");
    assertThat(project.resolve(".partita")).doesNotExist();
  }

  @Test
  void statePathsResolveAgainstTheProjectWhateverTheWorkingDirectory() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        "state: sqlite:.partita/state.db",
        "state: sqlite:history/state.db");

    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);

    assertThat(Files.exists(project.resolve("history/state.db"))).isTrue();
    assertThat(project.resolve(".partita/state.db")).doesNotExist();
  }
}
