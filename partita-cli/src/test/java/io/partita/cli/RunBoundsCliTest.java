package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that would make Partita work without bound is refused before anything is written: runs over
 * too many partitions, runaway templates, models linked from outside the project, asset names that
 * collide with Partita's own tables.
 */
class RunBoundsCliTest {
  @TempDir Path temp;

  private static final String DAILY = "partitions: {grain: day, start: 2024-12-01, timezone: UTC}";

  private Path projectWithOneRun() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);
    return project;
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void backfillBeyondMaxPartitionsIsRefusedWithinASecondAndWritesNothing() {
    Path project = projectWithOneRun();
    List<String> runs = Projects.runIds(project);
    String warehouse = Projects.warehouseFingerprint(project);
    byte[] state = bytes(project.resolve(".partita/state.db"));

    long started = System.nanoTime();
    Cli.Result result =
        Cli.in(project, "backfill", "--partitions", "2024-12-01..9999-12-30").assertExit(2);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // Counted, not enumerated: walking 2.9M partitions and writing leases took minutes before.
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(result.errorLines())
        .containsExactly(
            "error: --partitions 2024-12-01..9999-12-30 covers 2912838 partitions, more than"
                + " defaults.max_partitions_per_run 100000; nothing was written: split it into 30"
                + " runs: partita backfill --partitions 2024-12-01..2298-09-15, then --partitions"
                + " 2298-09-16..2572-06-30, and so on up to 9999-12-30 (or raise the limit with"
                + " --max-partitions N)");
    assertThat(Arrays.equals(bytes(project.resolve(".partita/state.db")), state)).isTrue();
    assertThat(Projects.runIds(project)).isEqualTo(runs);
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(warehouse);
  }

  @Test
  void planOverTenMillionHoursIsRefusedWithinASecond() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        DAILY,
        "partitions: {grain: hour, start: 2024-12-01T00, timezone: UTC}");
    Cli.in(project, "plan", "--partitions", "2024-12-01T00..2024-12-01T02").assertExit(0);

    long started = System.nanoTime();
    Cli.Result result =
        Cli.in(project, "plan", "--partitions", "2024-12-01T00..3165-09-17T15").assertExit(2);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    assertThat(result.errorLines()).hasSize(1);
    assertThat(result.errorLines().get(0))
        .startsWith("error: --partitions 2024-12-01T00..3165-09-17T15 covers 10000000 partitions")
        .contains(
            "split it into 100 runs: partita backfill --partitions"
                + " 2024-12-01T00..2036-04-28T15, then --partitions 2036-04-28T16..");
  }

  @Test
  void maxPartitionsPerRunIsReadFromDefaults() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        "  timeout: 1h\n",
        "  timeout: 1h\n  max_partitions_per_run: 3\n");

    Cli.Result refused =
        Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-04").assertExit(2);

    assertThat(refused.errorLines())
        .containsExactly(
            "error: --partitions 2024-12-01..2024-12-04 covers 4 partitions, more than"
                + " defaults.max_partitions_per_run 3; nothing was written: split it into 2 runs:"
                + " partita backfill --partitions 2024-12-01..2024-12-03, then --partitions"
                + " 2024-12-04..2024-12-04 (or raise the limit with --max-partitions N)");
    assertThat(project.resolve(".partita/warehouse.duckdb")).doesNotExist();
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-03", "--dry-run")
        .assertExit(0);
  }

  @Test
  void maxPartitionsFlagOverridesTheDefault() {
    Path project = Projects.init(temp.resolve("p"));

    Cli.Result refused =
        Cli.in(project, "plan", "--partitions", "2024-12-01..2024-12-05", "--max-partitions", "2")
            .assertExit(2);
    assertThat(refused.errorLines().get(0))
        .contains("covers 5 partitions, more than --max-partitions 2")
        .contains("split it into 3 runs");
    Cli.in(project, "plan", "--partitions", "2024-12-01..2024-12-05", "--max-partitions", "5")
        .assertExit(0);
    Cli.Result listed =
        Cli.in(
                project,
                "backfill",
                "--partitions",
                "2024-12-01,2024-12-03,2024-12-05",
                "--max-partitions",
                "2")
            .assertExit(2);
    assertThat(listed.errorLines().get(0))
        .endsWith(
            "split the list into 2 runs of at most 2 keys (or raise the limit with"
                + " --max-partitions N)");
    assertThat(project.resolve(".partita/warehouse.duckdb")).doesNotExist();
  }

  @Test
  void runawayTemplateIsStoppedBeforeTheRunStarts() {
    Path project = projectWithOneRun();
    List<String> runs = Projects.runIds(project);
    Projects.write(
        project.resolve("models/features.sql"),
        "select 1 {% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}"
            + "{% endfor %}{% endfor %}{% endfor %}\n");

    Cli.Result result =
        Cli.in(project, "backfill", "--partitions", "2024-12-03..2024-12-03").assertExit(2);

    assertThat(result.errorLines())
        .containsExactly(
            "error: models/features.sql: template rendering took longer than 5s and was stopped:"
                + " reduce its loops (a loop three deep over range(1000) is a billion steps)"
                + " (asset 'features'); nothing was written");
    assertThat(Projects.runIds(project)).isEqualTo(runs);
  }

  @Test
  void modelSymlinkedOutsideProjectIsRefused() throws IOException {
    Path project = projectWithOneRun();
    List<String> runs = Projects.runIds(project);
    Path secret = Files.writeString(temp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    Files.delete(project.resolve("models/features.sql"));
    Files.createSymbolicLink(project.resolve("models/features.sql"), secret);

    Cli.Result result =
        Cli.in(project, "backfill", "--partitions", "2024-12-03..2024-12-03").assertExit(2);

    assertThat(result.errorLines()).hasSize(1);
    assertThat(result.errorLines().get(0))
        .startsWith("error: partita.yaml:")
        .contains("models/features.sql resolves outside the project (to " + secret.toRealPath())
        .endsWith("copy the file into the project instead of linking to it");
    assertThat(
            new String(
                bytes(project.resolve(".partita/state.db")),
                java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("root:x:0:0");
    Files.delete(project.resolve("models/features.sql"));
    Files.writeString(project.resolve("models/features.sql"), "select 1 as x\n");
    assertThat(Projects.runIds(project)).isEqualTo(runs);
  }
}
