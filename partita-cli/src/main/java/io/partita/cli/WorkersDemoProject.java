package io.partita.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The project of {@code partita demo --workers N}: the demo pipeline (raw_events -> staging_events
 * -> features) in PostgreSQL SQL, state and warehouse on the demo's PostgreSQL, a short {@code
 * worker_timeout}. Each task sleeps a little so that several workers visibly share the run.
 */
final class WorkersDemoProject {
  static final String RANGE = "2024-12-01..2024-12-31";
  static final int DAYS = 31;
  static final String STATE_SCHEMA = "partita";
  static final String WORKER_TIMEOUT = "5s";

  /** Each asset with the columns of its unique key, in pipeline order. */
  static final Map<String, List<String>> KEYS =
      Map.of(
          "raw_events", List.of("event_id"),
          "staging_events", List.of("event_id"),
          "features", List.of("entity_id", "date"));

  static final List<String> ASSETS = List.of("raw_events", "staging_events", "features");

  private WorkersDemoProject() {}

  static void write(Path dir, DemoPostgres server) {
    String yaml =
        """
        # partita demo --workers: state and warehouse on a throw-away PostgreSQL. The password is in
        # PARTITA_STATE_PASSWORD / PARTITA_WAREHOUSE_PASSWORD, never here.
        name: workers_demo
        state: %s
        warehouse: %s
        worker_timeout: %s
        partitions: {grain: day, start: 2024-12-01, timezone: UTC}
        defaults: {concurrency: 16, retries: 0, timeout: 10m, write_mode: overwrite, time_column: event_date}
        assets:
          raw_events:
            sql: models/raw_events.sql
            unique_key: [event_id]
          staging_events:
            sql: models/staging_events.sql
            unique_key: [event_id]
          features:
            sql: models/features.sql
            time_column: date
            depends_on: [{asset: staging_events, window: [-2, 0]}]
            write_mode: merge
            unique_key: [entity_id, date]
        """
            .formatted(server.url(STATE_SCHEMA), server.url("public"), WORKER_TIMEOUT);
    // pg_sleep: about a quarter second of work per task, so claims of every worker are visible.
    String pause = "(select pg_sleep(0.25)) as pause";
    Map<String, String> models =
        Map.of(
            "raw_events.sql",
            """
            -- Twenty events a day for ten entities, generated.
            select extract(day from {{ start }})::bigint * 1000 + g as event_id,
                   g %% 10 as entity_id,
                   {{ start }} as event_date,
                   round((g * 1.25 + extract(day from {{ start }}))::numeric, 2) as amount
            from generate_series(1, 20) as g, %s
            """
                .formatted(pause),
            "staging_events.sql",
            """
            -- Clean events: drop rows without an amount.
            select event_id, entity_id, event_date, amount
            from {{ ref('raw_events') }}, %s
            where event_date >= {{ start }} and event_date < {{ end }} and amount is not null
            """
                .formatted(pause),
            "features.sql",
            """
            -- Per-entity 3-day rolling features for day {{ partition }}.
            select entity_id, {{ start }} as date, count(*) as events_3d,
                   round(sum(amount), 2) as amount_3d
            from {{ ref('staging_events') }}, %s
            where event_date >= {{ start }} - interval '2 day' and event_date < {{ end }}
            group by entity_id
            """
                .formatted(pause));
    try {
      Files.createDirectories(dir.resolve("models"));
      Files.writeString(dir.resolve("partita.yaml"), yaml);
      for (Map.Entry<String, String> model : models.entrySet()) {
        Files.writeString(dir.resolve("models").resolve(model.getKey()), model.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the demo project in " + dir, e);
    }
  }
}
