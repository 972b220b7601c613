package io.partita.cli;

import io.partita.PartitaException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Random;

/**
 * Writes a new project: partita.yaml with safe defaults, three SQL models (raw -> staging ->
 * rolling features), generated events with a few late arrivals, and a README of its own.
 */
final class ProjectTemplate {
  static final LocalDate DATA_START = LocalDate.of(2024, 12, 1);
  static final int DATA_DAYS = 62;
  static final String EVENTS = "data/events.csv";
  static final String GITIGNORE = ".gitignore";

  /** Partita's warehouse and state are local and rebuilt from the models: never committed. */
  static final String GITIGNORE_TEXT =
      """
      # Partita: warehouse, state store and logs (local; rebuilt by backfill)
      .partita/
      """;

  private ProjectTemplate() {}

  static void write(Path dir, String name) {
    write(dir, files(name), false);
  }

  /** The late-events template: D+2 watermark, 3-day lookback, merge on (entity_id, date). */
  static void writeLateEvents(Path dir, String name) {
    write(dir, LateEventsTemplate.files(name), false);
  }

  /**
   * Writes {@code templateFiles}, {@code data/events.csv} and {@code .gitignore} into {@code dir}.
   * Without {@code force}, refuses (before writing anything) when any of them already exists.
   */
  static void write(Path dir, Map<String, String> templateFiles, boolean force) {
    Map<String, String> all = new java.util.TreeMap<>(templateFiles);
    all.put(GITIGNORE, GITIGNORE_TEXT);
    if (Files.exists(dir.resolve("partita.yaml")) && !force) {
      throw PartitaException.user("%s already has a partita.yaml; choose an empty directory", dir);
    }
    java.util.List<String> existing = new java.util.ArrayList<>();
    for (String file : all.keySet()) {
      if (Files.exists(dir.resolve(file))) {
        existing.add(file);
      }
    }
    if (Files.exists(dir.resolve(EVENTS))) {
      existing.add(EVENTS);
    }
    if (!existing.isEmpty() && !force) {
      throw PartitaException.user(
          "%s already has %s; init would overwrite %s: choose an empty directory or pass --force",
          dir, String.join(", ", existing), existing.size() == 1 ? "it" : "them");
    }
    try {
      Files.createDirectories(dir.resolve("models"));
      Files.createDirectories(dir.resolve("data"));
      for (Map.Entry<String, String> file : all.entrySet()) {
        Files.writeString(dir.resolve(file.getKey()), file.getValue());
      }
      writeEvents(dir.resolve(EVENTS));
    } catch (IOException e) {
      throw cannotWrite(dir, e);
    }
  }

  /** The directory is the user's choice (e.g. under /proc or read-only): bad input, not a bug. */
  private static PartitaException cannotWrite(Path dir, IOException e) {
    String reason =
        e instanceof java.nio.file.FileSystemException failure && failure.getReason() != null
            ? failure.getReason()
            : e.getClass().getSimpleName();
    return PartitaException.user(
        "Cannot write the project to %s (%s): choose a directory you can write to", dir, reason);
  }

  static Map<String, String> files(String name) {
    return Map.of(
        "partita.yaml",
            """
            # Partita pipeline: raw_events -> staging_events -> features (3-day rolling window).
            name: %s
            warehouse: duckdb:.partita/warehouse.duckdb   # embedded, no server
            state: sqlite:.partita/state.db               # run history and partition states
            partitions: {grain: day, start: 2024-12-01, timezone: UTC}
            schedule:
              cron: "0 2 * * *"
              catchup: false          # opt in: catchup may create many runs after downtime
            defaults:
              concurrency: 2          # tasks at once unless --max-parallel says otherwise
              retries: 2              # retried with exponential backoff
              retry_backoff: 30s
              timeout: 1h
              write_mode: overwrite   # a re-run replaces its partition; never appends
              time_column: event_date # column holding the partition time
            assets:
              raw_events:
                sql: models/raw_events.sql
                arrival_column: ingested_at
              staging_events:
                sql: models/staging_events.sql     # depends on raw_events through ref()
              features:
                sql: models/features.sql
                time_column: date
                depends_on: [{asset: staging_events, window: [-2, 0]}]   # day D reads D-2..D
                write_mode: merge
                unique_key: [entity_id, date]
            """
                .formatted(name),
        "models/raw_events.sql",
            """
            -- One day of events from the landing file. {{ start }} and {{ end }} are the
            -- partition's half-open window [start, end) as DATE literals.
            select event_id, entity_id, event_date, amount, ingested_at
            from read_csv('data/events.csv', header = true,
                          columns = {'event_id': 'BIGINT', 'entity_id': 'INTEGER', 'event_date': 'DATE',
                                     'amount': 'DOUBLE', 'ingested_at': 'TIMESTAMP'})
            where event_date >= {{ start }} and event_date < {{ end }}
            """,
        "models/staging_events.sql",
            """
            -- Clean events: drop rows without an amount, round to cents.
            select event_id, entity_id, event_date, round(amount, 2) as amount, ingested_at
            from {{ ref('raw_events') }}
            where event_date >= {{ start }} and event_date < {{ end }}
              and amount is not null
            """,
        "models/features.sql",
            """
            -- Per-entity 3-day rolling features for day {{ partition }}.
            select entity_id,
                   {{ start }} as date,
                   count(*) as events_3d,
                   round(sum(amount), 2) as amount_3d
            from {{ ref('staging_events') }}
            where event_date >= {{ start }} - interval 2 day and event_date < {{ end }}
            group by entity_id
            """,
        "README.md",
            """
            # %s

            A Partita pipeline: `raw_events -> staging_events -> features`, partitioned by day.

            Try it:

                partita plan --partitions 2024-12-01..2024-12-07
                partita backfill --partitions 2024-12-01..2024-12-07 --max-parallel 2
                partita status
                partita query "select * from features order by date, entity_id limit 10"
                partita backfill --partitions 2024-12-03 --assets staging_events+   # re-run one day downstream

            Safe defaults: 2 tasks at once, 2 retries with backoff, `overwrite` writes (a re-run replaces
            its partition and never duplicates rows), schedule catchup off. `features` uses `merge` on
            `(entity_id, date)`, so late rows update instead of duplicating.

            Files: `partita.yaml` (the pipeline), `models/*.sql` (Jinja-templated SELECTs), `data/events.csv`
            (sample events, some arriving late), `.partita/` (warehouse and state; safe to delete to start over).
            """
                .formatted(name));
  }

  /**
   * Deterministic sample events: 20 entities, a few events a day, about 3% arriving 2-3 days late.
   */
  static void writeEvents(Path file) throws IOException {
    Random random = new Random(42);
    long id = 1;
    try (Writer out = Files.newBufferedWriter(file)) {
      out.write("event_id,entity_id,event_date,amount,ingested_at\n");
      for (int day = 0; day < DATA_DAYS; day++) {
        LocalDate date = DATA_START.plusDays(day);
        for (int entity = 1; entity <= 20; entity++) {
          int events = 1 + random.nextInt(5);
          for (int e = 0; e < events; e++) {
            double amount =
                Math.round(random.nextGaussian() * 20 + 50 + entity) + random.nextInt(100) / 100.0;
            boolean missing = random.nextInt(100) == 0;
            LocalDateTime happened = date.atStartOfDay().plusMinutes(random.nextInt(24 * 60));
            LocalDateTime ingested =
                random.nextInt(100) < 3
                    ? happened.plusHours(48 + random.nextInt(24))
                    : happened.plusMinutes(5 + random.nextInt(120));
            out.write(
                id++
                    + ","
                    + entity
                    + ","
                    + date
                    + ","
                    + (missing ? "" : amount)
                    + ","
                    + ingested.toString().replace('T', ' ')
                    + "\n");
          }
        }
      }
    }
  }
}
