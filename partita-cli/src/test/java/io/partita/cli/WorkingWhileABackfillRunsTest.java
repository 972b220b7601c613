package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.exec.Owner;
import io.partita.state.HandoffStore.Handoff;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While one process holds the warehouse (a backfill in a terminal, or {@code partita serve}), the
 * other shells keep working: commands that need the warehouse run in the holder and print what they
 * would print here, backfills over other partitions run next to the holder's, and only an
 * overlapping backfill is refused. The holder is a real child JVM; the other shell is this one.
 */
class WorkingWhileABackfillRunsTest {
  @TempDir Path temp;

  @Test
  void aTerminalBackfillServesQueriesVersionsAndBackfillsOverOtherPartitions() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    try (ChildCli holder =
        ChildShells.backfill(temp.resolve("logs"), project, "2024-12-01..2024-12-31", 1)) {
      String runId = holder.awaitRunningRun(project);
      String holderProcess = Owner.host() + ":" + holder.process().pid() + ":";
      awaitPublished(project, "features 2024-12-01");

      Cli.Result query = Cli.in(project, "query", "select 1 as one").assertExit(0);
      assertThat(query.stdout()).isEqualTo("one\n---\n1\n");
      assertThat(query.stderr()).isEmpty();
      JsonNode json = Cli.json(project, "query", "select count(*) as n from features");
      assertThat(json.get("columns").toString()).isEqualTo("[\"n\"]");
      assertThat(json.get("rows").get(0).get(0).asLong()).isPositive();
      assertThat(Cli.in(project, "versions", "features").assertExit(0).stdout())
          .containsPattern("(?m)^v1 +yes ");
      Cli.Result badSql = Cli.in(project, "query", "select * from no_such_table").assertExit(2);
      assertThat(badSql.errorLines()).singleElement().asString().contains("no_such_table");

      Cli.Result other =
          Cli.in(project, "backfill", "--partitions", "2025-01-20..2025-01-21").assertExit(0);
      String otherId = other.stdout().lines().findFirst().orElseThrow().split("[ :]")[1];
      assertThat(other.stdout())
          .containsPattern("Run " + otherId + ": \\d+ tasks")
          .containsPattern("Run " + otherId + " succeeded: \\d+ succeeded; [\\d,]+ rows written");
      assertThat(other.stderr()).contains("handed to it").contains(holderProcess);
      assertThat(handoff(project, otherId).takenBy())
          .hasValueSatisfying(owner -> assertThat(owner).startsWith(holderProcess));
      // A write through the holder: undo the run that was handed over.
      assertThat(Cli.in(project, "rollback", "--run", otherId).assertExit(0).stdout())
          .containsPattern("Rolled back run " + otherId + ": \\d+ partitions restored");
      assertThat(Projects.statuses(project))
          .doesNotContainEntry("features 2025-01-20", "succeeded");
      assertThat(holder.isAlive())
          .as("the first backfill still runs%n%s", holder.output())
          .isTrue();

      Cli.Result overlapping =
          Cli.in(project, "backfill", "--partitions", "2024-12-30..2025-01-02").assertExit(3);
      assertThat(overlapping.errorLines())
          .singleElement()
          .asString()
          .contains("Run " + runId + " is writing some of these partitions")
          .contains("running in process " + holderProcess);

      assertThat(holder.await(240)).as(holder.output()).isZero();
      assertThat(holder.output())
          .containsPattern("Run " + runId + " succeeded: 93 succeeded")
          .contains("Executing run " + otherId + " handed over by another process");
    }
    assertThat(project.resolve(HolderAdvert.FILE)).doesNotExist();
    // No holder any more: the same commands run in this process.
    assertThat(Cli.in(project, "query", "select 1 as one").assertExit(0).stdout())
        .isEqualTo("one\n---\n1\n");
  }

  @Test
  void stoppingATerminalBackfillPausesItsRunAndTheRunItTookFromAnotherShell() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    try (ChildCli holder =
            ChildShells.backfill(temp.resolve("logs"), project, "2024-12-01..2024-12-31", 1);
        ChildCli follower = startFollowerOnceHolderRuns(holder, project)) {
      String runId = holder.awaitRunningRun(project);
      String handedOver = ChildShells.awaitHandedOverRun(follower, project, runId);

      holder.process().destroy(); // SIGTERM, as Ctrl-C

      holder.await(120);
      assertThat(follower.await(120)).as(follower.output()).isZero();
      assertThat(follower.output()).contains("Run " + handedOver + " paused");
      assertThat(ChildShells.runStatus(project, runId)).isEqualTo("paused");
      assertThat(ChildShells.runStatus(project, handedOver)).isEqualTo("paused");
    }
    assertThat(project.resolve(HolderAdvert.FILE)).doesNotExist();
  }

  private ChildCli startFollowerOnceHolderRuns(ChildCli holder, Path project) {
    holder.awaitRunningRun(project);
    return ChildShells.backfill(temp.resolve("logs"), project, "2025-01-10..2025-01-31", 1);
  }

  @Test
  void serveWithoutScheduleServesCommandsAndBackfillsWhileItExecutesOne() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    Projects.edit(project.resolve("partita.yaml"), "schedule:\n  cron: \"0 2 * * *\"\n", "");
    Projects.edit(
        project.resolve("partita.yaml"),
        "  catchup: false          # opt in: catchup may create many runs after downtime\n",
        "");
    try (ChildCli server =
        ChildCli.start(
            temp.resolve("logs"),
            "serve",
            "--project",
            project.toString(),
            "--port",
            "0",
            "--poll",
            "200ms")) {
      ChildShells.awaitOutput(server, "no schedule: scheduler idle");
      String serverProcess = Owner.host() + ":" + server.process().pid() + ":";
      Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
      assertThat(Cli.in(project, "gc").assertExit(0).stdout())
          .startsWith("Removed 0 backup rows and quarantined tables older than 7d");

      try (ChildCli follower =
          ChildShells.backfill(temp.resolve("logs"), project, "2024-12-02..2024-12-31", 1)) {
        String runId = follower.awaitRunningRun(project);

        assertThat(Cli.in(project, "query", "select 1 as one").assertExit(0).stdout())
            .isEqualTo("one\n---\n1\n");
        assertThat(Cli.in(project, "versions", "features").assertExit(0).stdout())
            .containsPattern("(?m)^v1 +yes ");
        Cli.in(project, "backfill", "--partitions", "2025-01-20").assertExit(0);
        Cli.Result overlapping =
            Cli.in(project, "backfill", "--partitions", "2024-12-31").assertExit(3);
        assertThat(overlapping.errorLines())
            .singleElement()
            .asString()
            .contains("Run " + runId + " is writing some of these partitions")
            .contains("running in process " + serverProcess);

        follower.process().destroy(); // Ctrl-C in the following shell pauses the run
        follower.await(60);
      }
      server.process().destroy(); // SIGTERM
      assertThat(server.await(90)).as(server.output()).isZero();
    }
    assertThat(project.resolve(HolderAdvert.FILE)).doesNotExist();
  }

  @Test
  void theDashboardServesQueriesWhileItsRunHoldsTheWarehouse() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    try (ChildCli ui = ChildShells.ui(temp.resolve("logs"), project)) {
      ChildShells.startDashboardRun(ui, "2024-12-01..2024-12-31");
      ui.awaitRunningRun(project);
      awaitPublished(project, "features 2024-12-01");
      assertThat(project.resolve(HolderAdvert.FILE)).exists();

      assertThat(Cli.in(project, "query", "select 1 as one").assertExit(0).stdout())
          .isEqualTo("one\n---\n1\n");
      assertThat(Cli.in(project, "versions", "features").assertExit(0).stdout())
          .containsPattern("(?m)^v1 +yes ");

      ui.process().destroy(); // SIGTERM: pauses the run, lets the warehouse go
      ui.await(90);
    }
    assertThat(project.resolve(HolderAdvert.FILE)).doesNotExist();
  }

  @Test
  void theEndpointRefusesWrongTokensBrowsersOtherCommandsAndOtherProjects() throws Exception {
    Path project = Projects.init(temp.resolve("p"));
    Path elsewhere = Projects.init(temp.resolve("elsewhere"));
    Cli.in(project, "schedule", "pause").assertExit(0);
    try (ChildCli server =
        ChildCli.start(
            temp.resolve("logs"),
            "serve",
            "--project",
            project.toString(),
            "--no-ui",
            "--poll",
            "200ms")) {
      ChildShells.awaitOutput(server, "owns the warehouse");
      Path file = project.resolve(HolderAdvert.FILE);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      HolderAdvert advert = HolderAdvert.read(project).orElseThrow();
      assertThat(advert.pid()).isEqualTo(server.process().pid());
      assertThat(advert.url().getHost()).isEqualTo("127.0.0.1");
      String query = body("[\"query\", \"select 42\"]", project);

      HttpResponse<String> missing = post(advert, null, query, null);
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.body()).contains("Authorization: Bearer");
      assertThat(post(advert, "not-the-token", query, null).statusCode()).isEqualTo(401);
      assertThat(post(advert, advert.token() + "x", query, null).statusCode()).isEqualTo(401);

      HttpResponse<String> browser = post(advert, advert.token(), query, "https://evil.example");
      assertThat(browser.statusCode()).isEqualTo(403);
      assertThat(browser.body()).contains("Browsers may not send commands here");

      HttpResponse<String> init =
          post(advert, advert.token(), body("[\"init\", \"/tmp/x\"]", project), null);
      assertThat(init.statusCode()).isEqualTo(403);
      assertThat(init.body()).contains("`partita init` is not run for other shells");
      HttpResponse<String> backfill =
          post(
              advert,
              advert.token(),
              body("[\"backfill\", \"--partitions\", \"2024-12-01\"]", project),
              null);
      assertThat(backfill.statusCode()).isEqualTo(403);

      HttpResponse<String> foreign =
          post(
              advert,
              advert.token(),
              body("[\"query\", \"select 42\", \"--project\", \"" + elsewhere + "\"]", project),
              null);
      assertThat(foreign.statusCode()).isEqualTo(403);
      assertThat(foreign.body()).contains("holds the warehouse of " + project);

      HttpResponse<String> allowed = post(advert, advert.token(), query, null);
      assertThat(allowed.statusCode()).isEqualTo(200);
      JsonNode answer = Cli.MAPPER.readTree(allowed.body());
      assertThat(answer.get("exit").asInt()).isZero();
      assertThat(answer.get("stdout").asText()).isEqualTo("42\n--\n42\n");

      server.process().destroy();
      assertThat(server.await(90)).as(server.output()).isZero();
    }
  }

  private static String body(String args, Path cwd) {
    return "{\"args\": " + args + ", \"cwd\": \"" + cwd + "\"}";
  }

  private static HttpResponse<String> post(
      HolderAdvert advert, String token, String body, String origin) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(advert.url() + HolderEndpoint.PATH))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until {@code cell} ("asset partition") succeeded, so versions has something to show. */
  private static void awaitPublished(Path project, String cell) {
    await()
        .atMost(ChildShells.TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> "succeeded".equals(Projects.statuses(project).get(cell)));
  }

  private static Handoff handoff(Path project, String runId) {
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      return state.handoffs().find(runId).orElseThrow();
    }
  }
}
