package io.partita.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.exec.RunListener;
import io.partita.state.LateArrivalRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events that land up to 48 hours late are absorbed by the lookback re-runs of a merge asset. */
class LateDataTest {
  @TempDir Path dir;

  static final String CONFIG =
      """
      name: late
      partitions: {grain: day, start: 2025-03-01, timezone: UTC}
      schedule: {cron: "0 2 * * *", catchup: true, max_catchup: 10, watermark_delay: 0, lookback: 2}
      defaults: {concurrency: 2, retries: 0, retry_backoff: 10ms, timeout: 1m}
      assets:
        daily_entity:
          sql: models/daily_entity.sql
          time_column: date
          arrival_column: last_ingested_at
          write_mode: merge
          unique_key: [entity_id, date]
      """;

  static final String MODEL =
      """
      select entity_id, event_date as date, count(*) as events, max(ingested_at) as last_ingested_at
      from read_csv('data/landed.csv', header = true,
                    columns = {'entity_id': 'INTEGER', 'event_date': 'DATE', 'ingested_at': 'TIMESTAMP'})
      where event_date >= {{ start }} and event_date < {{ end }}
      group by entity_id, event_date
      """;

  /** Event i of day d for entity e lands (i * 7 + e * 5) hours after the day ends: 0..48h late. */
  private static List<String[]> events() {
    List<String[]> events = new java.util.ArrayList<>();
    for (int day = 0; day < 6; day++) {
      LocalDate date = LocalDate.of(2025, 3, 1).plusDays(day);
      for (int entity = 1; entity <= 3; entity++) {
        for (int i = 0; i < 4; i++) {
          long lateHours = Math.min(48, i * 13 + entity * 2L);
          LocalDateTime landed =
              date.plusDays(1).atStartOfDay().plusHours(lateHours).minusMinutes(30);
          events.add(
              new String[] {
                String.valueOf(entity), date.toString(), landed.toString().replace('T', ' ')
              });
        }
      }
    }
    return events;
  }

  /** The landing file as it looks at {@code now}: only events that have arrived. */
  private static String landedBy(LocalDateTime now) {
    StringBuilder csv = new StringBuilder("entity_id,event_date,ingested_at\n");
    for (String[] event : events()) {
      if (!LocalDateTime.parse(event[2].replace(' ', 'T')).isAfter(now)) {
        csv.append(String.join(",", event)).append('\n');
      }
    }
    return csv.toString();
  }

  @Test
  void eventsUpTo48HoursLateAreAllIncludedAfterTheLookbackRunsWithOneRowPerKey() {
    ManualClock clock = ManualClock.at("2025-03-02T02:00:00Z");
    try (ScheduleProject project =
        new ScheduleProject(dir, clock, CONFIG).write("models/daily_entity.sql", MODEL)) {
      for (int tick = 0; tick < 8; tick++) {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        project.write("data/landed.csv", landedBy(now));
        TickResult result = project.ticker().tick(RunListener.NONE);
        assertThat(result.exitCode()).as("tick %d: %s", tick, result).isZero();
        clock.advance(Duration.ofDays(1));
      }

      // Days 03-01..03-06 were each re-run twice after their first run: 48h of lateness.
      List<List<Object>> perKey =
          project.query(
              "select count(*), count(distinct (entity_id, date)), sum(events) from daily_entity"
                  + " where date < DATE '2025-03-07'");
      assertThat(((Number) perKey.get(0).get(0)).longValue()).isEqualTo(18);
      assertThat(((Number) perKey.get(0).get(1)).longValue()).isEqualTo(18);
      assertThat(((Number) perKey.get(0).get(2)).longValue()).isEqualTo(72);

      List<LateArrivalRecord> history =
          project.state.lateArrivals().history("daily_entity", "2025-03-03");
      assertThat(history).hasSize(3);
      assertThat(history.get(0).rows().added()).isEqualTo(history.get(0).rows().total());
      assertThat(history.get(1).rows().changed()).as("late events changed the counts").isPositive();
      assertThat(history.get(2).rows().late()).as("rows landed after the watermark").isPositive();
      assertThat(history.get(2).lateness().p99Seconds())
          .hasValueSatisfying(p99 -> assertThat(p99).isGreaterThan(40 * 3600.0));

      List<LateReport.AssetReport> report =
          LateReport.build(
              project.pipeline(), project.state.lateArrivals(), List.of("daily_entity"), 30, 0.99);
      assertThat(report)
          .singleElement()
          .satisfies(
              asset -> {
                assertThat(asset.recommended().delay()).isPresent();
                assertThat(asset.recommended().delay().get())
                    .isLessThanOrEqualTo(Duration.ofHours(48));
                assertThat(asset.recommended().delay().get()).isGreaterThan(Duration.ofHours(24));
              });
    }
  }
}
