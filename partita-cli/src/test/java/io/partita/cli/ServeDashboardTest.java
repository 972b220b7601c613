package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `partita serve` runs the scheduler and serves the dashboard with its extensions. */
class ServeDashboardTest {
  @TempDir Path dir;

  @Test
  void serveAlsoServesTheDashboardWithVersionsLateDataAndSchedulerLag() throws Exception {
    Path project = dir.resolve("late");
    Cli.run("init", project.toString(), "--template", "late-events").assertExit(0);
    try (ChildCli child =
        ChildCli.start(
            dir.resolve("logs"),
            "serve",
            "--project",
            project.toString(),
            "--port",
            "0",
            "--poll",
            "1s")) {
      String base = awaitUrl(child);
      HttpClient client = HttpClient.newHttpClient();

      assertThat(get(client, base + "/late").statusCode()).isEqualTo(200);
      HttpResponse<String> versions = get(client, base + "/versions");
      assertThat(versions.statusCode()).isEqualTo(200);
      assertThat(versions.body()).contains("Versions");
      assertThat(get(client, base + "/metrics").body()).contains("partita_scheduler_lag_seconds");
      HttpResponse<String> promote =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/api/assets/daily_entity/promote"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"v2\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(promote.statusCode()).isEqualTo(401);

      child.process().destroy(); // SIGTERM
      assertThat(child.await(90)).as(child.output()).isZero();
    }
  }

  @Test
  void serveWithoutScheduleServesTheDashboard() throws Exception {
    Path project = Projects.init(dir.resolve("unscheduled"));
    Projects.edit(project.resolve("partita.yaml"), "schedule:\n  cron: \"0 2 * * *\"\n", "");
    Projects.edit(
        project.resolve("partita.yaml"),
        "  catchup: false          # opt in: catchup may create many runs after downtime\n",
        "");
    try (ChildCli child =
        ChildCli.start(
            dir.resolve("logs"),
            "serve",
            "--project",
            project.toString(),
            "--port",
            "0",
            "--poll",
            "200ms")) {
      String base = awaitUrl(child);
      HttpClient client = HttpClient.newHttpClient();

      assertThat(get(client, base + "/").statusCode()).isEqualTo(200);
      assertThat(get(client, base + "/metrics").body())
          .contains("partita_scheduler_lag_seconds 0.0");
      // Hand-overs work: this backfill runs in the serving process, once it has registered (it
      // prints the idle notice after registering; the URL comes before).
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!child.output().contains("scheduler idle") && System.nanoTime() < deadline) {
        assertThat(child.isAlive()).as(child.output()).isTrue();
        Thread.sleep(100);
      }
      Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
      assertThat(Projects.statuses(project)).containsEntry("features 2024-12-01", "succeeded");
      Thread.sleep(600); // a few polls: the idle notice is printed once, not per poll
      assertThat(child.isAlive()).as(child.output()).isTrue();
      assertThat(
              Pattern.compile("no schedule: scheduler idle")
                  .matcher(child.output())
                  .results()
                  .count())
          .as(child.output())
          .isEqualTo(1);
      assertThat(child.output()).doesNotContain("error:");
    }
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String awaitUrl(ChildCli child) throws Exception {
    Pattern url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)/");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = url.matcher(child.output());
      if (matcher.find()) {
        return matcher.group(1);
      }
      assertThat(child.isAlive()).as(child.output()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not print its URL\n" + child.output());
  }
}
