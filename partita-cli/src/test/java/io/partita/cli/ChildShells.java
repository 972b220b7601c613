package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The set-up that tests with a second shell share: a backfill or the dashboard in a child JVM
 * ({@link ChildCli}), waiting for what it prints, for the run another shell handed over to it, and
 * starting a run from the dashboard. Every wait fails at once, with the child's output, if the
 * child exits first.
 */
final class ChildShells {
  /** How long a wait lasts at most; generous, as the machine may be loaded. */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private ChildShells() {}

  /** {@code partita backfill --partitions partitions} in a child JVM; logs under {@code logs}. */
  static ChildCli backfill(Path logs, Path project, String partitions, int maxParallel) {
    return ChildCli.start(
        logs,
        "backfill",
        "--project",
        project.toString(),
        "--partitions",
        partitions,
        "--max-parallel",
        String.valueOf(maxParallel));
  }

  /** {@code partita ui} in a child JVM on a free port, once it serves. */
  static ChildCli ui(Path logs, Path project) {
    ChildCli ui = ChildCli.start(logs, "ui", "--project", project.toString(), "--port", "0");
    awaitOutput(ui, "Press Ctrl-C to stop.");
    return ui;
  }

  /** Waits until {@code child} has printed {@code text}. */
  static void awaitOutput(ChildCli child, String text) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertThat(child.isAlive()).as("child still running%n%s", child.output()).isTrue();
              return child.output().contains(text);
            });
  }

  /**
   * Waits until a run other than {@code holderRun} is running in {@code project}: the run of {@code
   * follower}, which it handed over to the holder; returns its id.
   */
  static String awaitHandedOverRun(ChildCli follower, Path project, String holderRun) {
    AtomicReference<String> handedOver = new AtomicReference<>();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(follower.isAlive()).as(follower.output()).isTrue();
              for (JsonNode run : Cli.json(project, "runs").get("runs")) {
                if (!run.get("id").asText().equals(holderRun)
                    && run.get("status").asText().equals("running")) {
                  handedOver.set(run.get("id").asText());
                }
              }
              return handedOver.get() != null;
            });
    return handedOver.get();
  }

  /** Starts a run over {@code partitions} (one task at a time) through the dashboard's API. */
  static void startDashboardRun(ChildCli ui, String partitions) throws Exception {
    Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)/").matcher(ui.output());
    Matcher token = Pattern.compile("API token \\([^)]*\\): (\\S+)").matcher(ui.output());
    assertThat(url.find() && token.find()).as(ui.output()).isTrue();
    HttpResponse<String> started =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url.group(1) + "/api/runs"))
                    .header("Authorization", "Bearer " + token.group(1))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"partitions\": \"" + partitions + "\", \"max_parallel\": 1}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
  }

  /** The status of run {@code runId}, as {@code partita run show} tells it. */
  static String runStatus(Path project, String runId) {
    return Cli.json(project, "run", "show", runId).get("status").asText();
  }
}
