package io.partita.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a project's files into a temp directory for loader tests. */
final class ProjectFiles {
  static final String THREE_ASSETS =
      """
      name: ml_features
      partitions: {grain: day, start: 2024-12-01, timezone: UTC}
      defaults: {concurrency: 3, retries: 1, retry_backoff: 10s, timeout: 2h, time_column: event_date}
      pools: {warehouse: 4}
      assets:
        raw_events:
          sql: models/raw_events.sql
          arrival_column: ingested_at
        staging_events:
          sql: models/staging_events.sql
        features:
          sql: models/features.sql
          depends_on: [{asset: staging_events, window: [-2, 0]}]
          write_mode: merge
          unique_key: [entity_id, date]
          pool: warehouse
          time_column: date
      """;

  private final Path dir;

  ProjectFiles(Path dir) {
    this.dir = dir;
  }

  /** A valid raw_events -> staging_events -> features project. */
  static ProjectFiles threeAssets(Path dir) {
    return new ProjectFiles(dir)
        .write("partita.yaml", THREE_ASSETS)
        .write("models/raw_events.sql", "select * from read_csv('data/events.csv')\n")
        .write(
            "models/staging_events.sql",
            "select *\nfrom {{ ref('raw_events') }}\nwhere event_date >= {{ start }}\n")
        .write(
            "models/features.sql", "select entity_id, date from {{ ref(\"staging_events\") }}\n");
  }

  ProjectFiles write(String relativePath, String text) {
    try {
      Path file = dir.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rewrites partita.yaml with the three-asset config after replacing {@code from} by {@code to}.
   */
  ProjectFiles config(String from, String to) {
    if (!THREE_ASSETS.contains(from)) {
      throw new IllegalArgumentException("not in the config: " + from);
    }
    return write("partita.yaml", THREE_ASSETS.replace(from, to));
  }

  Path dir() {
    return dir;
  }
}
