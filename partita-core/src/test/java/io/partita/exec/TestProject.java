package io.partita.exec;

import io.partita.engine.Engine;
import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.engine.duckdb.DuckDbSqlParser;
import io.partita.plan.Order;
import io.partita.plan.Reprocess;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.sqlite.SqliteStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A raw_events -> staging_events -> features project in a temp directory, with its SQLite state
 * store, DuckDB warehouse and a {@link RunManager} wired as the CLI wires them, but with short
 * heartbeat and poll intervals.
 */
final class TestProject implements AutoCloseable {
  static final ExecutionSettings FAST =
      new ExecutionSettings(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(20));

  /** Events exist from this day for {@link #EVENT_DAYS} days. */
  static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);

  static final int EVENT_DAYS = 45;

  static final String CONFIG =
      """
      name: exec_test
      partitions: {grain: day, start: 2025-01-01, timezone: UTC}
      defaults: {concurrency: 3, retries: 0, retry_backoff: 10ms, timeout: 1m, time_column: event_date}
      pools: {%s: 2}
      assets:
        raw_events:
          sql: models/raw_events.sql
        staging_events:
          sql: models/staging_events.sql
        features:
          sql: models/features.sql
          time_column: date
          depends_on: [{asset: staging_events, window: [-2, 0]}]
      """;

  static final String RAW_EVENTS =
      """
      select event_id, entity_id, event_date, amount
      from read_csv('data/events.csv', header = true,
                    columns = {'event_id': 'BIGINT', 'entity_id': 'INTEGER',
                               'event_date': 'DATE', 'amount': 'DOUBLE'})
      where event_date >= {{ start }} and event_date < {{ end }}
      """;

  static final String STAGING_EVENTS =
      """
      select event_id, entity_id, event_date, round(amount, 2) as amount, 'v1' as model_version
      from {{ ref('raw_events') }}
      where event_date >= {{ start }} and event_date < {{ end }}
      """;

  static final String FEATURES =
      """
      select entity_id, {{ start }} as date, count(*) as events_3d, round(sum(amount), 2) as amount_3d
      from {{ ref('staging_events') }}
      where event_date >= {{ start }} - interval 2 day and event_date < {{ end }}
      group by entity_id
      """;

  final Path dir;

  /** A pool name unique to this project: pools are shared by every run in the JVM. */
  final String pool;

  final StateStore state;
  private DuckDbEngine engine;
  private final RunManager runs;

  private TestProject(Path dir) {
    this.dir = dir;
    this.pool = "pool_" + Integer.toHexString(System.identityHashCode(this));
    write("partita.yaml", CONFIG.formatted(pool));
    write("models/raw_events.sql", RAW_EVENTS);
    write("models/staging_events.sql", STAGING_EVENTS);
    write("models/features.sql", FEATURES);
    write("data/events.csv", events());
    this.state = SqliteStateStore.open(dir.resolve(".partita/state.db"));
    this.runs =
        new RunManager(
            dir, state, this::engine, DuckDbSqlParser.standalone(), Clock.systemUTC(), FAST);
  }

  /** The three-layer project. */
  static TestProject threeLayers(Path dir) {
    return new TestProject(dir);
  }

  /**
   * Adds assets to partita.yaml; {@code yaml} is indented as under {@code assets:} (two spaces).
   */
  TestProject withAssets(String yaml) {
    return append(yaml.stripIndent().lines().map(line -> "  " + line).toList());
  }

  private TestProject append(List<String> lines) {
    try {
      Files.write(dir.resolve("partita.yaml"), lines, java.nio.file.StandardOpenOption.APPEND);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  TestProject write(String relativePath, String text) {
    try {
      Path file = dir.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(String relativePath) {
    try {
      Files.deleteIfExists(dir.resolve(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deterministic events: 5 entities, 1 to 3 events per entity and day. */
  private static String events() {
    StringBuilder csv = new StringBuilder("event_id,entity_id,event_date,amount\n");
    long id = 1;
    for (int day = 0; day < EVENT_DAYS; day++) {
      for (int entity = 1; entity <= 5; entity++) {
        for (int e = 0; e <= (day + entity) % 3; e++) {
          double amount = 10 + entity * 1.5 + day * 0.25 + e;
          csv.append(id++)
              .append(',')
              .append(entity)
              .append(',')
              .append(FIRST_DAY.plusDays(day))
              .append(',')
              .append(amount)
              .append('\n');
        }
      }
    }
    return csv.toString();
  }

  synchronized Engine engine() {
    if (engine == null) {
      engine = DuckDbEngine.open(dir.resolve(".partita/warehouse.duckdb"), dir);
    }
    return engine;
  }

  RunManager runs() {
    return runs;
  }

  static BackfillRequest request(String partitions) {
    return BackfillRequest.of(partitions);
  }

  static BackfillRequest request(String assets, String partitions, int maxParallel) {
    return BackfillRequest.of(partitions).withAssets(assets).withMaxParallel(maxParallel);
  }

  static BackfillRequest withOrder(BackfillRequest request, Order order) {
    return request.toBuilder().order(order).reason(Optional.empty()).actor("test").build();
  }

  static BackfillRequest withReprocess(BackfillRequest request, Reprocess reprocess) {
    return request.withReprocess(reprocess);
  }

  /** Plans and stores a run without executing it. */
  RunRecord create(BackfillRequest request) {
    return runs.create(runs.plan(request), request);
  }

  /** Plans, creates and executes a run in this thread. */
  RunResult backfill(BackfillRequest request) {
    return backfill(request, RunListener.NONE);
  }

  RunResult backfill(BackfillRequest request, RunListener listener) {
    return runs.execute(create(request).id(), listener);
  }

  List<TaskRecord> tasks(String runId) {
    return state.tasks().list(runId);
  }

  TaskRecord task(String runId, String asset, String partition) {
    return tasks(runId).stream()
        .filter(t -> t.asset().equals(asset) && t.partition().equals(partition))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no task " + asset + " " + partition));
  }

  List<List<Object>> query(String sql) {
    return engine().query(sql, 100_000).rows();
  }

  long count(String sql) {
    return ((Number) query(sql).get(0).get(0)).longValue();
  }

  @Override
  public synchronized void close() {
    if (engine != null) {
      engine.close();
    }
    state.close();
  }
}
