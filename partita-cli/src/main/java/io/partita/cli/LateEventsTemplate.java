package io.partita.cli;

import java.util.Map;

/** Files of {@code partita init --template late-events}. */
final class LateEventsTemplate {
  private LateEventsTemplate() {}

  static Map<String, String> files(String name) {
    return Map.of(
        "partita.yaml",
        """
            # Events that arrive late: wait 2 days before a day is due, then re-run the 3 days
            # before it on every scheduled run, merging on (entity_id, date). See README.md.
            name: %s
            partitions: {grain: day, start: 2024-12-01, timezone: UTC}
            schedule:
              cron: "0 2 * * *"       # daily at 02:00 UTC
              catchup: true           # after downtime, one tick fills the missed days, oldest first
              max_catchup: 14         # more than that is refused with the backfill command to run
              watermark_delay: 2d     # day D is due at D+1 + 2d: most late events have landed
              lookback: 3             # each run also re-runs D-3..D-1 to absorb the stragglers
            defaults: {concurrency: 2, retries: 2, retry_backoff: 30s, timeout: 1h, time_column: event_date}
            assets:
              raw_events:
                sql: models/raw_events.sql
                arrival_column: ingested_at   # enables late-arrival metrics and `partita late-report`
              daily_entity:
                sql: models/daily_entity.sql
                time_column: date
                arrival_column: last_ingested_at
                write_mode: merge             # late rows update their key, never duplicate it
                unique_key: [entity_id, date]
            """
            .formatted(name),
        "models/raw_events.sql",
        """
            select event_id, entity_id, event_date, amount, ingested_at
            from read_csv('data/events.csv', header = true,
                          columns = {'event_id': 'BIGINT', 'entity_id': 'INTEGER', 'event_date': 'DATE',
                                     'amount': 'DOUBLE', 'ingested_at': 'TIMESTAMP'})
            where event_date >= {{ start }} and event_date < {{ end }}
            """,
        "models/daily_entity.sql",
        """
            -- One row per (entity_id, date); re-runs merge on that key.
            select entity_id, event_date as date, count(*) as events, round(sum(amount), 2) as amount,
                   max(ingested_at) as last_ingested_at
            from {{ ref('raw_events') }}
            where event_date >= {{ start }} and event_date < {{ end }}
            group by entity_id, event_date
            """,
        "README.md",
        """
            # %s: late-arriving events

            Events are stamped with the day they happened (`event_date`) and the time they landed
            (`ingested_at`). About 3%% of them land 2 to 3 days late. This project is set up for that:

            - `watermark_delay: 2d`: day D is only due at D+1 + 2 days (D+3 02:00 with the daily
              cron), when nearly every event of D has landed. A shorter delay publishes sooner but
              incomplete; a longer one publishes later.
            - `lookback: 3`: every scheduled run also re-runs the 3 days before the due one, so the
              events that land after the watermark are still picked up, at the cost of 3 extra
              partitions per run.
            - `write_mode: merge` on `unique_key: [entity_id, date]`: a re-run updates each
              (entity_id, date) row instead of appending a second one, so late data never duplicates.
            - `catchup: true`, `max_catchup: 14`: after downtime one `partita tick` fills the missed
              days oldest first; a longer outage is refused with the exact `partita backfill` command.

            Try it:

                partita tick --now 2025-01-10T02:00:00Z      # runs 2025-01-07, re-runs 01-04..01-06
                partita late-report                          # lateness per day, recommended delay/lookback
                partita schedule pause                       # stop scheduling; backfills still run
                partita serve                                # tick at every cron firing until SIGTERM

            `partita late-report` reads the metrics recorded on every write (rows, rows after the
            watermark, lateness p50/p95/p99, rows added/changed by a re-run) and recommends the
            delay that captures 99%% of rows (`--target`) and the lookback that captures the rest.
            """
            .formatted(name));
  }
}
