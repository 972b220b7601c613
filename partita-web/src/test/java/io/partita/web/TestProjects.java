package io.partita.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Real projects on disk: raw_events -> staging_events (not_null check) -> features, data from
 * range().
 */
final class TestProjects {
  /** staging_events of this day has NULL amounts, so its not_null check fails. */
  static final String FAILING_DAY = "2024-12-02";

  private TestProjects() {}

  static Path pipeline(Path dir) {
    write(
        dir.resolve("partita.yaml"),
        """
        name: webshop
        partitions: {grain: day, start: 2024-12-01, timezone: UTC}
        defaults: {concurrency: 2, retries: 0, write_mode: overwrite, time_column: event_date}
        pools: {warehouse: 2}
        assets:
          raw_events:
            sql: models/raw_events.sql
          staging_events:
            sql: models/staging_events.sql
            checks:
              - not_null: {columns: [amount]}
          features:
            sql: models/features.sql
            time_column: date
            pool: warehouse
        """);
    write(
        dir.resolve("models/raw_events.sql"),
        """
        select i as event_id, i % 4 as entity_id, cast({{ start }} as date) as event_date, i * 1.5 as amount
        from range(12) t(i)
        """);
    write(
        dir.resolve("models/staging_events.sql"),
        """
        select event_id, entity_id, event_date,
               case when event_date = date '%s' and event_id %% 3 = 0 then null else amount end as amount
        from {{ ref('raw_events') }}
        where event_date >= {{ start }} and event_date < {{ end }}
        """
            .formatted(FAILING_DAY));
    write(
        dir.resolve("models/features.sql"),
        """
        select entity_id, cast({{ start }} as date) as date, count(*) as events, sum(amount) as amount
        from {{ ref('staging_events') }}
        where event_date >= {{ start }} and event_date < {{ end }}
        group by entity_id
        """);
    return dir;
  }

  /**
   * events (arrival_column ingested_at: event i of a day lands i * 3 hours after the day starts, so
   * the last four of 12 are late) -> daily_counts. {@code tag} is a text column, so a version with
   * another tag has the same numeric distributions.
   */
  static Path versioned(Path dir, String tag) {
    write(
        dir.resolve("partita.yaml"),
        """
        name: versioned
        partitions: {grain: day, start: 2024-12-01, timezone: UTC}
        defaults: {concurrency: 2, retries: 0, time_column: event_date}
        assets:
          events:
            sql: models/events.sql
            arrival_column: ingested_at
          daily_counts:
            sql: models/daily_counts.sql
        """);
    writeEventsModel(dir, tag);
    write(
        dir.resolve("models/daily_counts.sql"),
        """
        select event_date, count(*) as events
        from {{ ref('events') }}
        where event_date >= {{ start }} and event_date < {{ end }}
        group by event_date
        """);
    return dir;
  }

  static void writeEventsModel(Path dir, String tag) {
    write(
        dir.resolve("models/events.sql"),
        """
        select i as event_id, cast({{ start }} as date) as event_date,
               cast(cast({{ start }} as date) as timestamp) + to_hours(cast(i * 3 as bigint)) as ingested_at,
               '%s' as tag
        from range(12) t(i)
        """
            .formatted(tag.replace("'", "''")));
  }

  /** One asset whose model always fails with a message that contains HTML. */
  static Path failingWithHtml(Path dir, String message) {
    write(
        dir.resolve("partita.yaml"),
        """
        name: evil
        partitions: {grain: day, start: 2024-12-01, timezone: UTC}
        defaults: {concurrency: 1, retries: 0, time_column: event_date}
        assets:
          boom:
            sql: models/boom.sql
        """);
    write(
        dir.resolve("models/boom.sql"),
        "select cast({{ start }} as date) as event_date, error('"
            + message.replace("'", "''")
            + "') as value\n");
    return dir;
  }

  /**
   * Five assets with {@code days} daily partitions each, written straight into the state store
   * (mostly succeeded, some failed, failed checks and gaps): the grid's load test.
   */
  static Path large(Path dir, int days) {
    StringBuilder yaml =
        new StringBuilder(
            """
        name: large
        partitions: {grain: day, start: 2015-01-01, timezone: UTC}
        defaults: {time_column: event_date}
        assets:
        """);
    for (int i = 1; i <= 5; i++) {
      yaml.append("  asset_")
          .append(i)
          .append(":\n    sql: models/asset_")
          .append(i)
          .append(".sql\n");
      String upstream = i == 1 ? "range(1) t(i)" : "{{ ref('asset_" + (i - 1) + "') }}";
      write(
          dir.resolve("models/asset_" + i + ".sql"),
          "select cast({{ start }} as date) as event_date from " + upstream + "\n");
    }
    write(dir.resolve("partita.yaml"), yaml.toString());
    Path state = dir.resolve(".partita/state.db");
    io.partita.state.sqlite.SqliteStateStore.open(state).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + state)) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "insert into partitions (asset, partition, status, rows, run_id, snapshot_hash, updated_at) values (?, ?, ?, ?, ?, ?, ?)")) {
        LocalDate first = LocalDate.of(2015, 1, 1);
        for (int asset = 1; asset <= 5; asset++) {
          for (int day = 0; day < days; day++) {
            if ((day + asset) % 97 == 0) {
              continue; // a gap: missing
            }
            String status =
                day % 211 == asset ? "FAILED" : day % 157 == asset ? "FAILED_CHECKS" : "SUCCEEDED";
            insert.setString(1, "asset_" + asset);
            insert.setString(2, first.plusDays(day).toString());
            insert.setString(3, status);
            insert.setLong(4, 100 + day % 50);
            insert.setString(5, "20250101-000000-0001");
            insert.setString(6, "0".repeat(64));
            insert.setString(7, "2025-01-01T00:00:00.000Z");
            insert.addBatch();
          }
        }
        insert.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return dir;
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
