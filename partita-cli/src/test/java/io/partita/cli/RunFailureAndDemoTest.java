package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFailureAndDemoTest {
  @TempDir Path temp;

  @Test
  void brokenSqlAtRunTimeFailsTheTaskNamingTheModelFileAndPartition() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("models/staging_events.sql"), "select event_id", "selec event_id");

    Cli.Result result =
        Cli.in(project, "backfill", "--partitions", "2024-12-01", "--retries", "0").assertExit(1);

    assertThat(result.stdout())
        .contains("failed staging_events 2024-12-01 after 1 attempt")
        .contains("models/staging_events.sql")
        .contains(
            "Fix the model, then `partita backfill --reprocess failed --partitions 2024-12-01`");
    JsonNode run = Cli.json(project, "run", "show", Projects.runIds(project).get(0));
    assertThat(run.get("status").asText()).isEqualTo("failed");
    for (JsonNode task : run.get("tasks")) {
      String expected =
          switch (task.get("asset").asText()) {
            case "raw_events" -> "succeeded";
            case "staging_events" -> "failed";
            default -> "upstream_failed";
          };
      assertThat(task.get("status").asText()).as("%s", task).isEqualTo(expected);
    }
    assertThat(run.get("tasks").get(1).get("error").asText())
        .contains("models/staging_events.sql")
        .contains("2024-12-01");
  }

  @Test
  void resumeAfterFixingTheCauseRunsOnlyTheFailedTasksFromTheSnapshot() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("models/staging_events.sql"), "select event_id", "selec event_id");
    Cli.in(project, "backfill", "--partitions", "2024-12-01", "--retries", "0").assertExit(1);
    String runId = Projects.runIds(project).get(0);
    Projects.edit(
        project.resolve("models/staging_events.sql"), "selec event_id", "select event_id");

    // The run executes its snapshot, in which the SQL is still broken.
    Cli.Result resumed = Cli.in(project, "resume", runId).assertExit(1);

    assertThat(resumed.stdout()).contains("failed staging_events 2024-12-01");
    Cli.Result fresh =
        Cli.in(project, "backfill", "--partitions", "2024-12-01", "--reprocess", "failed")
            .assertExit(0);
    assertThat(fresh.stdout()).contains("succeeded");
  }

  @Test
  void demoRunsToTheEndAndLeavesFilesOnlyInItsDirectory() throws Exception {
    Path dir = temp.resolve("demo");
    List<Path> outside;
    try (Stream<Path> files = Files.list(temp)) {
      outside = files.toList();
    }
    long started = System.nanoTime();

    Cli.Result result = Cli.run("demo", "--dir", dir.toString()).assertExit(0);

    assertThat((System.nanoTime() - started) / 1e9).isLessThan(60);
    assertThat(result.stdout())
        .contains("== Partita demo ==")
        .contains("identical after re-run")
        .doesNotContain("CHANGED")
        .contains("Try next");
    assertThat(dir.resolve("partita.yaml")).isRegularFile();
    assertThat(dir.resolve(".partita/warehouse.duckdb")).isRegularFile();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.filter(f -> !f.equals(dir))).containsExactlyInAnyOrderElementsOf(outside);
    }
    assertThat(Path.of("partita.yaml")).doesNotExist();
    assertThat(Path.of(".partita")).doesNotExist();
    assertThat(Cli.json(dir, "runs").get("runs")).hasSize(2);
  }
}
