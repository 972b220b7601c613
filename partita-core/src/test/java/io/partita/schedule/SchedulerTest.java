package io.partita.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.exec.RunListener;
import io.partita.model.PartitionKey;
import io.partita.state.RunKind;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTest {
  @TempDir Path dir;

  static String config(String schedule) {
    return """
        name: sched
        partitions: {grain: day, start: 2025-02-01, timezone: UTC}
        schedule: %s
        defaults: {concurrency: 2, retries: 0, retry_backoff: 10ms, timeout: 1m, time_column: event_date}
        assets:
          raw_events:
            sql: models/raw_events.sql
          daily:
            sql: models/daily.sql
        """
        .formatted(schedule);
  }

  private ScheduleProject project(String schedule, String now) {
    return new ScheduleProject(dir, ManualClock.at(now), config(schedule))
        .write(
            "models/raw_events.sql",
            "select {{ start }} as event_date, 1 as entity_id, 2.5 as amount\n")
        .write(
            "models/daily.sql",
            "select event_date, count(*) as events from {{ ref('raw_events') }}"
                + " where event_date >= {{ start }} and event_date < {{ end }} group by event_date\n");
  }

  private static List<String> keys(ScheduledRun run) {
    return run.partitions().stream().map(PartitionKey::key).toList();
  }

  @Test
  void twoDayWatermarkMakesTheThirdDayBackDueAndLookbackAddsThreeMore() {
    try (ScheduleProject project =
        project(
            "{cron: \"0 2 * * *\", watermark_delay: 2d, lookback: 3}", "2025-03-10T02:00:00Z")) {
      TickPlan plan = project.scheduler().evaluate();

      assertThat(plan.runs()).hasSize(1);
      ScheduledRun run = plan.runs().get(0);
      assertThat(run.kind()).isEqualTo(RunKind.SCHEDULED);
      assertThat(run.due().key()).isEqualTo("2025-03-07"); // end 03-08 + 2d <= now; 03-08 is not
      assertThat(keys(run)).containsExactly("2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07");
      assertThat(run.partitionSpec()).isEqualTo("2025-03-04..2025-03-07");
      assertThat(run.assets()).containsExactly("raw_events", "daily");
    }
  }

  @Test
  void aMinuteBeforeTheFiringThePreviousDaysPartitionIsStillTheNewestDue() {
    try (ScheduleProject project =
        project("{cron: \"0 2 * * *\", watermark_delay: 2d}", "2025-03-10T01:59:00Z")) {
      assertThat(project.scheduler().evaluate().runs().get(0).due().key()).isEqualTo("2025-03-06");
    }
  }

  @Test
  void catchupCreatesOneRunPerMissedPartitionOldestFirstInOneTick() {
    try (ScheduleProject project =
        project("{cron: \"0 2 * * *\", catchup: true, max_catchup: 60}", "2025-03-01T02:00:00Z")) {
      TickResult first = project.ticker().tick(RunListener.NONE);
      assertThat(first.runs())
          .singleElement()
          .satisfies(run -> assertThat(run.scheduled().due().key()).isEqualTo("2025-02-28"));

      project.clock.set("2025-03-10T02:00:00Z"); // the scheduler was down from 03-01 to 03-10
      TickResult tick = project.ticker().tick(RunListener.NONE);

      assertThat(tick.runs()).hasSize(9);
      assertThat(tick.runs().stream().map(run -> run.scheduled().due().key()))
          .containsExactly(
              "2025-03-01",
              "2025-03-02",
              "2025-03-03",
              "2025-03-04",
              "2025-03-05",
              "2025-03-06",
              "2025-03-07",
              "2025-03-08",
              "2025-03-09");
      assertThat(tick.runs().stream().map(run -> run.scheduled().kind()).distinct())
          .containsExactly(RunKind.CATCHUP, RunKind.SCHEDULED);
      assertThat(tick.runs().get(8).scheduled().kind()).isEqualTo(RunKind.SCHEDULED);
      assertThat(tick.runs())
          .allSatisfy(run -> assertThat(run.status()).contains(RunStatus.SUCCEEDED));
      List<RunRecord> stored =
          project.state.runs().list(100).stream()
              .sorted(Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::id))
              .toList();
      assertThat(stored.stream().map(r -> r.options().partitions()).toList())
          .containsSubsequence("2025-02-28", "2025-03-01", "2025-03-05", "2025-03-09");
      assertThat(project.query("select count(*) from daily").get(0).get(0)).isEqualTo(10L);

      assertThat(project.ticker().tick(RunListener.NONE).runs()).as("nothing new is due").isEmpty();
    }
  }

  @Test
  void catchupBeyondMaxCatchupIsRefusedWithTheBackfillCommandForTheRest() {
    try (ScheduleProject project =
        project("{cron: \"0 2 * * *\", catchup: true, max_catchup: 3}", "2025-03-10T02:00:00Z")) {
      project
          .state
          .schedule()
          .markScheduled(List.of("raw_events", "daily"), "2025-02-28", "r0", Instant.EPOCH);

      TickPlan plan = project.scheduler().evaluate();

      assertThat(plan.runs().stream().map(ScheduledRun::due).map(PartitionKey::key))
          .containsExactly("2025-03-07", "2025-03-08", "2025-03-09");
      assertThat(plan.notices())
          .singleElement()
          .asString()
          .contains("Catchup refused for 6 of 9 missed partitions (2025-03-01..2025-03-09)")
          .contains("max_catchup 3")
          .contains("`partita backfill --partitions 2025-03-01..2025-03-06`");
    }
  }

  @Test
  void withoutCatchupOnlyTheNewestIsScheduledAfterDowntime() {
    try (ScheduleProject project =
        project("{cron: \"0 2 * * *\", catchup: false, lookback: 1}", "2025-03-10T02:00:00Z")) {
      project
          .state
          .schedule()
          .markScheduled(List.of("raw_events", "daily"), "2025-02-28", "r0", Instant.EPOCH);

      TickPlan plan = project.scheduler().evaluate();

      assertThat(plan.runs())
          .singleElement()
          .satisfies(
              run -> {
                assertThat(run.kind()).isEqualTo(RunKind.SCHEDULED);
                assertThat(keys(run)).containsExactly("2025-03-08", "2025-03-09");
              });
      assertThat(plan.notices()).isEmpty();
    }
  }

  @Test
  void aPausedScheduleCreatesNothingButABackfillStillRuns() {
    try (ScheduleProject project = project("{cron: \"0 2 * * *\"}", "2025-03-10T02:00:00Z")) {
      project.state.schedule().setPaused(true, Instant.EPOCH);

      TickResult tick = project.ticker().tick(RunListener.NONE);

      assertThat(tick.plan().paused()).isTrue();
      assertThat(tick.runs()).isEmpty();
      assertThat(tick.notices()).singleElement().asString().contains("partita schedule resume");
      io.partita.exec.RunManager runs = project.runs(java.time.Clock.systemUTC());
      io.partita.exec.BackfillRequest request =
          io.partita.exec.BackfillRequest.of("2025-03-01..2025-03-02");
      String id = runs.create(runs.plan(request), request).id();
      assertThat(runs.execute(id, RunListener.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);

      project.state.schedule().setPaused(false, Instant.EPOCH);
      assertThat(project.scheduler().evaluate().runs()).hasSize(1);
    }
  }

  /** Daily raw_events read from data/events.csv: 2 events a day from 02-26 to {@code lastDay}. */
  private ScheduleProject lateProject(String schedule, String now) {
    return new ScheduleProject(dir, ManualClock.at(now), config(schedule))
        .write(
            "models/raw_events.sql",
            """
            select event_date, entity_id, amount
            from read_csv('data/events.csv', header = true,
                          columns = {'event_date': 'DATE', 'entity_id': 'INTEGER', 'amount': 'DOUBLE'})
            where event_date >= {{ start }} and event_date < {{ end }}
            """)
        .write(
            "models/daily.sql",
            "select event_date, count(*) as events from {{ ref('raw_events') }}"
                + " where event_date >= {{ start }} and event_date < {{ end }} group by event_date\n")
        .write("data/events.csv", events(java.time.LocalDate.parse("2025-03-01"), 2));
  }

  /** Header and {@code perDay} events a day from 2025-02-26 to {@code lastDay}. */
  private static String events(java.time.LocalDate lastDay, int perDay) {
    StringBuilder csv = new StringBuilder("event_date,entity_id,amount\n");
    for (java.time.LocalDate day = java.time.LocalDate.parse("2025-02-26");
        !day.isAfter(lastDay);
        day = day.plusDays(1)) {
      for (int entity = 1; entity <= perDay; entity++) {
        csv.append(day).append(',').append(entity).append(",1.5\n");
      }
    }
    return csv.toString();
  }

  /** Ticks daily up to 03-02 (03-01 built), then events of 03-01 keep landing during an outage. */
  private static void buildUntilMarch1ThenLateRowsLand(ScheduleProject project) {
    project.ticker().tick(RunListener.NONE); // 03-01T02:00: 02-28 with lookback 02-26, 02-27
    project.clock.set("2025-03-02T02:00:00Z");
    project.ticker().tick(RunListener.NONE); // 03-01 with lookback 02-27, 02-28
    assertThat(
            project
                .query("select count(*) from raw_events where event_date = date '2025-03-01'")
                .get(0)
                .get(0))
        .isEqualTo(2L);
    // The outage: 3 more events of 03-01 arrive late, and the following days land as usual.
    project.write(
        "data/events.csv",
        events(java.time.LocalDate.parse("2025-03-10"), 2)
            + "2025-03-01,3,1.5\n2025-03-01,4,1.5\n2025-03-01,5,1.5\n");
  }

  @Test
  void catchupAfterLongOutageCoversLookbackBeforeOldestMissed() {
    try (ScheduleProject project =
        lateProject(
            "{cron: \"0 2 * * *\", catchup: true, max_catchup: 5, lookback: 2}",
            "2025-03-01T02:00:00Z")) {
      buildUntilMarch1ThenLateRowsLand(project);
      project.clock.set("2025-03-06T02:00:00Z"); // down since 03-02: 03-02..03-05 missed

      TickResult tick = project.ticker().tick(RunListener.NONE);

      assertThat(
              tick.runs().stream()
                  .map(
                      run ->
                          run.scheduled().kind().lowerName()
                              + " "
                              + run.scheduled().partitionSpec()))
          .containsExactly(
              "catchup 2025-02-28..2025-03-02",
              "catchup 2025-03-03",
              "catchup 2025-03-04",
              "scheduled 2025-03-05");
      assertThat(tick.runs())
          .allSatisfy(run -> assertThat(run.status()).contains(RunStatus.SUCCEEDED));
      assertThat(project.query("select events from daily where event_date = date '2025-03-01'"))
          .as("the late events of 03-01 are picked up")
          .containsExactly(List.of(5L));
    }
  }

  @Test
  void catchupRefusalSuggestsABackfillThatCoversTheLookbackAndPicksUpLateRows() {
    try (ScheduleProject project =
        lateProject(
            "{cron: \"0 2 * * *\", catchup: true, max_catchup: 2, lookback: 2}",
            "2025-03-01T02:00:00Z")) {
      buildUntilMarch1ThenLateRowsLand(project);
      project.clock.set("2025-03-07T02:00:00Z"); // down since 03-02: 03-02..03-06 missed

      TickResult tick = project.ticker().tick(RunListener.NONE);

      assertThat(tick.runs().stream().map(run -> run.scheduled().partitionSpec()))
          .containsExactly("2025-03-05", "2025-03-04,2025-03-06");
      String notice = tick.notices().get(0);
      assertThat(notice)
          .contains("Catchup refused for 3 of 5 missed partitions (2025-03-02..2025-03-06)")
          .contains("`partita backfill --partitions 2025-02-28..2025-03-04`")
          .contains("it starts 2 partition(s) before the oldest missed one, the lookback 2");
      assertThat(project.query("select events from daily where event_date = date '2025-03-01'"))
          .containsExactly(List.of(2L));

      String range = notice.replaceAll("(?s).*--partitions ([0-9.-]+)`.*", "$1");
      io.partita.exec.RunManager runs = project.runs(java.time.Clock.systemUTC());
      io.partita.exec.BackfillRequest request = io.partita.exec.BackfillRequest.of(range);
      String id = runs.create(runs.plan(request), request).id();
      assertThat(runs.execute(id, RunListener.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);

      assertThat(project.query("select events from daily where event_date = date '2025-03-01'"))
          .as("the suggested backfill picks up the late events of 03-01")
          .containsExactly(List.of(5L));
      assertThat(
              project
                  .query(
                      "select count(*) from daily where event_date between date '2025-02-26' and date '2025-03-06'")
                  .get(0)
                  .get(0))
          .isEqualTo(9L);
    }
  }
}
