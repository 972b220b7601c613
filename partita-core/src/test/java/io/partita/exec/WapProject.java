package io.partita.exec;

import io.partita.config.PipelineLoader;
import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.engine.duckdb.DuckDbSqlParser;
import io.partita.publish.Rechecks;
import io.partita.publish.Rollbacks;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.sqlite.SqliteStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A project for write-audit-publish tests: {@code readings} reads {@code data/readings.csv} (which
 * tests rewrite between runs to simulate changed input) and {@code daily} aggregates it; tests add
 * checks and more assets. Opens SQLite, DuckDB (on an injectable clock) and a {@link RunManager}.
 */
final class WapProject implements AutoCloseable {
  static final LocalDate JAN_1 = LocalDate.of(2025, 1, 1);
  static final String CSV_HEADER = "id,entity_id,event_date,amount,version\n";

  static final String HEADER =
"""
name: wap_test
partitions: {grain: day, start: 2025-01-01, timezone: UTC}
defaults: {concurrency: 2, retries: 0, retry_backoff: 10ms, timeout: 1m, time_column: event_date}
assets:
""";

  static final String READINGS_SQL =
      """
      select id, entity_id, event_date, amount, version
      from read_csv('data/readings.csv', header = true,
                    columns = {'id': 'BIGINT', 'entity_id': 'INTEGER', 'event_date': 'DATE',
                               'amount': 'DOUBLE', 'version': 'INTEGER'})
      where event_date >= {{ start }} and event_date < {{ end }}
      """;

  static final String DAILY_SQL =
      """
      select event_date, count(*) as readings, sum(amount) as total, max(version) as version
      from {{ ref('readings') }}
      where event_date >= {{ start }} and event_date < {{ end }}
      group by event_date
      """;

  static final String ENTITY_TOTALS_SQL =
      """
      select entity_id, event_date, count(*) as readings, sum(amount) as total,
             max(version) as version
      from {{ ref('readings') }}
      where event_date >= {{ start }} and event_date < {{ end }}
      group by entity_id, event_date
      """;

  final Path dir;
  final StateStore state;
  final DuckDbEngine engine;
  final RunManager runs;
  final Clock clock;

  private WapProject(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    write("models/readings.sql", READINGS_SQL);
    write("models/daily.sql", DAILY_SQL);
    write("models/entity_totals.sql", ENTITY_TOTALS_SQL);
    this.state = SqliteStateStore.open(dir.resolve(".partita/state.db"));
    this.engine = DuckDbEngine.open(dir.resolve(".partita/warehouse.duckdb"), dir, clock);
    this.runs =
        new RunManager(
            dir, state, () -> engine, DuckDbSqlParser.standalone(), clock, TestProject.FAST);
  }

  /** A project whose partita.yaml lists {@code assetsYaml} (indented as under {@code assets:}). */
  static WapProject create(Path dir, String assetsYaml) {
    return create(dir, assetsYaml, Clock.systemUTC());
  }

  static WapProject create(Path dir, String assetsYaml, Clock clock) {
    WapProject project = new WapProject(dir, clock);
    project.assets(assetsYaml);
    return project;
  }

  /** Replaces the asset definitions; the next run snapshots them. */
  WapProject assets(String assetsYaml) {
    String indented =
        String.join("\n", assetsYaml.stripIndent().lines().map(line -> "  " + line).toList());
    return write("partita.yaml", HEADER + indented + "\n");
  }

  WapProject write(String relativePath, String text) {
    try {
      Path file = dir.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites the input of {@code readings}; {@code rows} come from {@link #day}. */
  WapProject readings(String... days) {
    return write("data/readings.csv", CSV_HEADER + String.join("", days));
  }

  /**
   * {@code count} readings of January {@code day}, entities alternating 1 and 2, each with amount
   * {@code 10 * version + i} and the given version; ids are unique per (day, i).
   */
  static String day(int day, int count, int version) {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < count; i++) {
      csv.append(row(day * 1000 + i, 1 + i % 2, day, String.valueOf(10.0 * version + i), version));
    }
    return csv.toString();
  }

  /** {@link #day} for days {@code first..last}. */
  static String days(int first, int last, int count, int version) {
    StringBuilder csv = new StringBuilder();
    for (int day = first; day <= last; day++) {
      csv.append(day(day, count, version));
    }
    return csv.toString();
  }

  /** One CSV row; {@code amount} may be empty for NULL. */
  static String row(long id, int entity, int day, String amount, int version) {
    return id + "," + entity + "," + JAN_1.plusDays(day - 1) + "," + amount + "," + version + "\n";
  }

  RunResult backfill(String partitions) {
    return backfill(BackfillRequest.of(partitions), RunListener.NONE);
  }

  RunResult backfill(BackfillRequest request, RunListener listener) {
    RunRecord run = runs.create(runs.plan(request), request);
    return runs.execute(run.id(), listener);
  }

  Rollbacks rollbacks() {
    return new Rollbacks(dir, state, engine, clock, TestProject.FAST.staleAfter());
  }

  Rechecks rechecks() {
    return new Rechecks(PipelineLoader.load(dir), engine, state, clock);
  }

  TaskRecord task(RunResult result, String asset, int day) {
    String key = JAN_1.plusDays(day - 1).toString();
    return result.tasks().stream()
        .filter(t -> t.asset().equals(asset) && t.partition().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no task " + asset + " " + key));
  }

  List<List<Object>> query(String sql) {
    return engine.query(sql, 100_000).rows();
  }

  long count(String sql) {
    return ((Number) query(sql).get(0).get(0)).longValue();
  }

  /** Every row of a table, ordered, for row-level equality. */
  List<List<Object>> table(String name) {
    return query("select * from " + name + " order by all");
  }

  /** The relation names in a DuckDB schema: tables and views. */
  /** Staging tables and overlay views left in the in-memory staging database. */
  List<String> stagingRelations() {
    return query(
            "select table_name from duckdb_tables() where database_name = '_partita_stage'"
                + " union all select view_name from duckdb_views() where database_name = '_partita_stage'"
                + " and not internal order by 1")
        .stream()
        .map(row -> (String) row.get(0))
        .toList();
  }

  List<String> relationsIn(String schema) {
    return query(
            "select table_name from duckdb_tables() where schema_name = '"
                + schema
                + "' union all select view_name from duckdb_views() where schema_name = '"
                + schema
                + "' order by 1")
        .stream()
        .map(row -> (String) row.get(0))
        .toList();
  }

  Optional<io.partita.state.PartitionState> partition(String asset, int day) {
    String key = JAN_1.plusDays(day - 1).toString();
    return state.partitions().list(asset, key, key).stream().findFirst();
  }

  @Override
  public void close() {
    engine.close();
    state.close();
  }
}
