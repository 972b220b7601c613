package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import io.partita.web.server.DashboardExtensions;
import io.partita.web.server.DashboardServer;
import io.partita.web.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One JSON shape per concept: the CLI's {@code runs --json} and {@code run show --json} and the
 * API's {@code /api/runs} and {@code /api/runs/{id}} describe the same run with the same fields and
 * values (the API adds only what a server knows: progress, whether it executes the run here).
 */
class RunJsonContractTest {
  private static final List<String> API_ONLY =
      List.of("progress", "executing_here", "server_error");

  @TempDir Path dir;

  @Test
  void cliAndApiDescribeARunWithTheSameJson() throws Exception {
    Path project = Projects.init(dir.resolve("shop"));
    String rangeRun =
        Cli.json(
                project,
                "backfill",
                "--partitions",
                "2024-12-01..2024-12-03",
                "--max-parallel",
                "2",
                "--reason",
                "contract")
            .get("id")
            .asText();
    String listRun =
        Cli.json(
                project,
                "backfill",
                "--partitions",
                "2024-12-05,2024-12-04",
                "--assets",
                "raw_events,staging_events")
            .get("id")
            .asText();
    JsonNode cliRuns = Cli.json(project, "runs").get("runs");
    JsonNode cliRange = Cli.json(project, "run", "show", rangeRun);
    JsonNode cliList = Cli.json(project, "run", "show", listRun);

    DashboardServer server =
        DashboardServer.start(
            new ServerOptions(project, "127.0.0.1", 0, "contract-token-0123456789", false),
            Clock.systemUTC(),
            DashboardExtensions.standard(),
            message -> {});
    try {
      String base = "http://127.0.0.1:" + server.port();
      JsonNode apiRuns = get(base + "/api/runs").get("runs");
      JsonNode apiRange = get(base + "/api/runs/" + rangeRun);
      JsonNode apiList = get(base + "/api/runs/" + listRun);

      assertThat(apiRuns).isEqualTo(cliRuns);
      assertSameRun(cliRange, apiRange);
      assertSameRun(cliList, apiList);
      assertThat(apiRange.get("partitions").get("from").asText()).isEqualTo("2024-12-01");
      assertThat(apiRange.get("partitions").get("to").asText()).isEqualTo("2024-12-03");
      assertThat(apiList.get("partitions").get("from").asText()).isEqualTo("2024-12-04");
      assertThat(apiList.get("partitions").get("spec").asText()).isEqualTo("2024-12-04,2024-12-05");
      assertThat(apiList.get("assets").toString()).isEqualTo("[\"raw_events\",\"staging_events\"]");
      assertThat(apiRange.get("assets")).isEmpty();
      assertThat(apiRange.get("progress").get("done").asInt())
          .isEqualTo(cliRange.get("tasks").size());
    } finally {
      server.close();
    }
  }

  @Test
  void anInterruptedRunShowsAsInterruptedWithItsResumeCommandInTheCliAndTheApiAlike()
      throws Exception {
    Path project = Projects.slow(dir.resolve("slow"), 0.5);
    String runId;
    try (ChildCli child =
        ChildCli.start(
            dir.resolve("logs"),
            "backfill",
            "--project",
            project.toString(),
            "--partitions",
            "2024-12-01..2024-12-08",
            "--max-parallel",
            "1")) {
      runId = child.awaitRunningRun(project);
      child.kill();
    }
    // Recorded as the next command on this host would record it once it sees the process gone.
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      assertThat(
              state
                  .runs()
                  .transition(runId, RunStatus.RUNNING, RunStatus.INTERRUPTED, Instant.now()))
          .isTrue();
    }
    JsonNode cliRuns = Cli.json(project, "runs").get("runs");
    JsonNode cliRun = Cli.json(project, "run", "show", runId);
    assertThat(cliRun.get("status").asText()).isEqualTo("interrupted");

    DashboardServer server =
        DashboardServer.start(
            new ServerOptions(project, "127.0.0.1", 0, "contract-token-0123456789", false),
            Clock.systemUTC(),
            DashboardExtensions.standard(),
            message -> {});
    try {
      String base = "http://127.0.0.1:" + server.port();
      assertThat(get(base + "/api/runs").get("runs")).isEqualTo(cliRuns);
      JsonNode apiRun = get(base + "/api/runs/" + runId);
      assertSameRun(cliRun, apiRun);
      assertThat(apiRun.get("resume").asText()).isEqualTo("partita resume " + runId);
      assertThat(apiRun.get("tasks"))
          .extracting(task -> task.get("status").asText())
          .contains("interrupted")
          .doesNotContain("running", "queued");
    } finally {
      server.close();
    }
  }

  /** Every field of the CLI's run equals the API's, and the API adds only its own fields. */
  private static void assertSameRun(JsonNode cli, JsonNode api) {
    List<String> apiFields = new ArrayList<>();
    api.fieldNames().forEachRemaining(apiFields::add);
    apiFields.removeAll(API_ONLY);
    List<String> cliFields = new ArrayList<>();
    cli.fieldNames().forEachRemaining(cliFields::add);
    assertThat(apiFields).containsExactlyElementsOf(cliFields);
    for (String field : cliFields) {
      assertThat(api.get(field))
          .as("field %s of run %s", field, cli.get("id"))
          .isEqualTo(cli.get(field));
    }
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Cli.MAPPER.readTree(response.body());
  }
}
