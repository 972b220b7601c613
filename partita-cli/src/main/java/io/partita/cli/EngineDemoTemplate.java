package io.partita.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The demo pipeline of {@code demo --engine spark}, written once per engine so that the two runs
 * differ only where the engines do: the warehouse block and the model that reads the landing file
 * (DuckDB's {@code read_csv} against Spark's {@code csv.`path`}). The assets, checks, write modes
 * and the staging and features models are the same text on both.
 */
final class EngineDemoTemplate {
  /** Where the Spark project keeps the DuckDB twin it compares with. */
  static final String DUCKDB_TWIN = "duckdb-twin";

  private static final String ASSETS =
      """
      partitions: {grain: day, start: 2024-12-01, timezone: UTC}
      defaults:
        concurrency: 2
        retries: 1
        retry_backoff: 5s
        write_mode: overwrite
        time_column: event_date
      assets:
        raw_events:
          sql: models/raw_events.sql
          checks:
            - row_count: {min: 1}
        staging_events:
          sql: models/staging_events.sql
          checks:
            - unique: {columns: [event_id]}
            - not_null: {columns: [entity_id, amount]}
        features:
          sql: models/features.sql
          time_column: date
          depends_on: [{asset: staging_events, window: [-2, 0]}]
          write_mode: merge
          unique_key: [entity_id, date]
          checks:
            - range: {column: events_3d, min: 1}
      """;

  private static final String SPARK_WAREHOUSE =
      """
      warehouse: spark
      spark:
        master: local[2]
        catalog: {name: lake, type: hadoop, warehouse: .partita/lake}
        namespace: demo
        # Rows by the hundred: no code generation to compile, no adaptive re-planning.
        conf: {spark.sql.codegen.wholeStage: false, spark.sql.adaptive.enabled: false}
      state: sqlite:.partita/state.db
      """;

  private static final String DUCKDB_WAREHOUSE =
      """
      warehouse: duckdb:.partita/warehouse.duckdb
      state: sqlite:.partita/state.db
      """;

  private EngineDemoTemplate() {}

  /** partita.yaml and the models for the Spark + Iceberg run, in {@code dir}. */
  static Map<String, String> spark(String name, Path dir) {
    String csv = dir.toAbsolutePath().resolve(ProjectTemplate.EVENTS).toString();
    return files(
        name,
        SPARK_WAREHOUSE,
        """
        -- One day of events from the landing file, read by Spark as text columns: the header
        -- line has no date, so the window filter drops it; an empty amount reads as NULL.
        select try_cast(_c0 as bigint) as event_id,
               try_cast(_c1 as int) as entity_id,
               try_cast(_c2 as date) as event_date,
               try_cast(_c3 as double) as amount,
               try_cast(_c4 as timestamp_ntz) as ingested_at
        from csv.`%s`
        where try_cast(_c2 as date) >= {{ start }} and try_cast(_c2 as date) < {{ end }}
        """
            .formatted(csv.replace("`", "``")));
  }

  /** The same pipeline on DuckDB, with the default demo's model for the landing file. */
  static Map<String, String> duckdb(String name) {
    return files(name, DUCKDB_WAREHOUSE, ProjectTemplate.files(name).get("models/raw_events.sql"));
  }

  private static Map<String, String> files(String name, String warehouse, String rawEvents) {
    Map<String, String> template = ProjectTemplate.files(name);
    return Map.of(
        "partita.yaml",
        "# Partita demo: raw_events -> staging_events -> features (3-day rolling window).\nname: "
            + name
            + "\n"
            + warehouse
            + ASSETS,
        "models/raw_events.sql",
        rawEvents,
        "models/staging_events.sql",
        template.get("models/staging_events.sql"),
        "models/features.sql",
        template.get("models/features.sql"));
  }
}
