package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleCliTest {
  @TempDir Path dir;

  private Path lateEvents() {
    Path project = dir.resolve("late");
    Cli.run("init", project.toString(), "--template", "late-events").assertExit(0);
    return project;
  }

  @Test
  void tickJsonRunsTheDuePartitionWithItsLookbackAndTheNextTickHasNothingToDo() {
    Path project = lateEvents();
    assertThat(Projects.read(project.resolve("README.md")))
        .contains("watermark_delay: 2d", "lookback: 3", "merge");

    JsonNode tick = Cli.json(project, "tick", "--now", "2025-01-10T02:00:00Z");

    assertThat(tick.get("firing").asText()).isEqualTo("2025-01-10T02:00:00.000Z");
    assertThat(tick.get("runs")).hasSize(1);
    JsonNode run = tick.get("runs").get(0);
    assertThat(run.get("kind").asText()).isEqualTo("scheduled");
    assertThat(run.get("due").asText()).isEqualTo("2025-01-07");
    assertThat(run.get("partitions").get("spec").asText())
        .isEqualTo("2025-01-04,2025-01-05,2025-01-06,2025-01-07");
    assertThat(run.get("partitions").get("from").asText()).isEqualTo("2025-01-04");
    assertThat(run.get("partitions").get("to").asText()).isEqualTo("2025-01-07");
    assertThat(run.get("assets").isArray()).isTrue();
    assertThat(run.get("status").asText()).isEqualTo("succeeded");
    assertThat(tick.get("exit_code").asInt()).isZero();

    JsonNode again = Cli.json(project, "tick", "--now", "2025-01-10T03:00:00Z");
    assertThat(again.get("runs")).isEmpty();
  }

  @Test
  void lateReportJsonRecommendsADelayThatCapturesTheTargetShare() {
    Path project = lateEvents();
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-20").assertExit(0);

    JsonNode report = Cli.json(project, "late-report", "--last", "30");

    assertThat(report.get("target").asDouble()).isEqualTo(0.99);
    JsonNode raw = report.get("assets").get(0);
    assertThat(raw.get("asset").asText()).isEqualTo("raw_events");
    assertThat(raw.get("partitions")).hasSize(20);
    assertThat(raw.get("rows_total").asLong()).isPositive();
    assertThat(raw.get("watermark_delay").asText()).isEqualTo("2d");
    // About 3% of events land 48-72h after they happened, so the 99% delay is days, not minutes.
    assertThat(raw.get("recommended_watermark_delay_seconds").asLong())
        .isBetween(24 * 3600L, 72 * 3600L);
    assertThat(raw.get("lateness_p50_seconds").asDouble())
        .isLessThan(raw.get("lateness_p99_seconds").asDouble());
    assertThat(raw.get("partitions").get(0).get("rows_added").asLong())
        .isEqualTo(raw.get("partitions").get(0).get("rows_total").asLong());

    Cli.in(project, "late-report").assertExit(0);
  }

  @Test
  void pausedScheduleTicksNothingButBackfillStillRuns() {
    Path project = lateEvents();
    Cli.in(project, "schedule", "pause").assertExit(0);

    JsonNode tick = Cli.json(project, "tick", "--now", "2025-01-10T02:00:00Z");
    assertThat(tick.get("paused").asBoolean()).isTrue();
    assertThat(tick.get("runs")).isEmpty();
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);

    Cli.in(project, "schedule", "resume").assertExit(0);
    assertThat(Cli.json(project, "tick", "--now", "2025-01-10T02:00:00Z").get("runs")).hasSize(1);
  }

  private Path withSchedule(String schedule) {
    Path project = lateEvents();
    Projects.edit(
        project.resolve("partita.yaml"), "max_catchup: 14", "max_catchup: 14\n  " + schedule);
    return project;
  }

  @Test
  void invalidCronExitsTwoNamingTheExpressionAndTheProblem() {
    Path project = lateEvents();
    Projects.edit(project.resolve("partita.yaml"), "cron: \"0 2 * * *\"", "cron: \"0 25 * * *\"");

    Cli.Result result = Cli.in(project, "tick").assertExit(2);

    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("partita.yaml:", "invalid cron \"0 25 * * *\"", "25");
  }

  @Test
  void lookbackLargerThanMaxCatchupExitsTwo() {
    Path project = lateEvents();
    Projects.edit(project.resolve("partita.yaml"), "lookback: 3", "lookback: 20");

    assertThat(Cli.in(project, "tick").assertExit(2).errorLines())
        .singleElement()
        .asString()
        .contains("lookback 20 is larger than max_catchup 14");
  }

  @Test
  void negativeOrUnreadableDelayExitsTwo() {
    Path project = lateEvents();
    Projects.edit(project.resolve("partita.yaml"), "watermark_delay: 2d", "watermark_delay: -2d");
    assertThat(Cli.in(project, "tick").assertExit(2).errorLines())
        .singleElement()
        .asString()
        .contains("watermark_delay", "negative");

    Projects.edit(
        project.resolve("partita.yaml"), "watermark_delay: -2d", "watermark_delay: two days");
    assertThat(Cli.in(project, "tick").assertExit(2).errorLines())
        .singleElement()
        .asString()
        .contains("watermark_delay", "two days");
  }

  @Test
  void poolReferencedButNotDefinedExitsTwo() {
    Path project = lateEvents();
    Projects.edit(
        project.resolve("partita.yaml"),
        "write_mode: merge ",
        "pool: warehouse\n    write_mode: merge ");

    assertThat(Cli.in(project, "tick").assertExit(2).errorLines())
        .singleElement()
        .asString()
        .contains("pool 'warehouse'", "pools:");
  }

  @Test
  void badNowExitsTwo() {
    assertThat(Cli.in(lateEvents(), "tick", "--now", "yesterday").assertExit(2).errorLines())
        .singleElement()
        .asString()
        .contains("--now 'yesterday'");
  }
}
