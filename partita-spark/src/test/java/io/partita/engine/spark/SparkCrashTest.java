package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a Partita process running on Spark, after some partitions were published, then resume:
 * every partition ends on main exactly once.
 */
class SparkCrashTest {
  private static final Pattern RUN_ID = Pattern.compile("Run (\\d{8}-\\d{6}-[0-9a-f]+):");
  private static final Duration PATIENCE = Duration.ofMinutes(8);

  @TempDir Path project;

  @Test
  void killNineMidRunThenResumePublishesEveryPartitionExactlyOnce() throws Exception {
    SparkProject.create(project);
    Path log = project.resolve("child.log");
    Process child = startBackfill(log, "2025-03-01..2025-03-03");
    String runId;
    try {
      runId = awaitFirstPublish(child, log);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      child.waitFor(1, TimeUnit.MINUTES);
    }

    SparkProject.Result resumed = SparkProject.cli(project, "resume", runId);

    assertThat(resumed.exitCode()).as("%s", resumed).isEqualTo(0);
    try (SparkEngine engine = SparkEngine.open(SparkSettings.load(project), Clock.systemUTC())) {
      assertThat(
              rows(
                  engine,
                  "SELECT event_date, count(*), count(DISTINCT entity_id) FROM "
                      + engine.relation("events")
                      + " GROUP BY event_date ORDER BY event_date"))
          .containsExactly("2025-03-01 6 3", "2025-03-02 6 3", "2025-03-03 6 3");
      assertThat(
              rows(
                  engine,
                  "SELECT event_date, count(*), sum(total) FROM "
                      + engine.relation("features")
                      + " GROUP BY event_date ORDER BY event_date"))
          .containsExactly("2025-03-01 3 21", "2025-03-02 3 21", "2025-03-03 3 21");
      for (String day : List.of("2025-03-01", "2025-03-02", "2025-03-03")) {
        assertThat(engine.published(runId))
            .filteredOn(p -> p.asset().equals("events") && p.partition().equals(day))
            .as("events %s published once by %s", day, runId)
            .hasSize(1);
      }
    }
  }

  private Process startBackfill(Path log, String partitions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("spark.add-opens").split(" ")));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.partita.cli.Main");
    command.addAll(
        List.of("backfill", "--partitions", partitions, "--project", project.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /** The run id, once the child logged its first published partition. */
  private static String awaitFirstPublish(Process child, Path log) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher id = RUN_ID.matcher(text);
      if (id.find() && text.contains("succeeded       events 2025-03-01")) {
        return id.group(1);
      }
      assertThat(child.isAlive()).as("the child exited early:%n%s", text).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no partition published within " + PATIENCE + ":\n" + Files.readString(log));
  }

  private static List<String> rows(SparkEngine engine, String sql) {
    return engine.query(sql, 100).rows().stream()
        .map(row -> String.join(" ", row.stream().map(String::valueOf).toList()))
        .toList();
  }
}
