package io.partita.schedule;

import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.engine.Engine;
import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.engine.duckdb.DuckDbSqlParser;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.RunManager;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A scheduled project in a temp directory with its SQLite store and DuckDB warehouse. The scheduler
 * reads the manual clock; runs execute on the system clock (heartbeats are real), unless a test
 * asks for a run manager on the manual clock.
 */
final class ScheduleProject implements AutoCloseable {
  static final ExecutionSettings FAST =
      new ExecutionSettings(Duration.ofMillis(100), Duration.ofSeconds(15), Duration.ofMillis(20));

  final Path dir;
  final ManualClock clock;
  final StateStore state;
  private DuckDbEngine engine;

  ScheduleProject(Path dir, ManualClock clock, String yaml) {
    this.dir = dir;
    this.clock = clock;
    write("partita.yaml", yaml.stripIndent());
    this.state = SqliteStateStore.open(dir.resolve(".partita/state.db"));
  }

  ScheduleProject write(String relativePath, String text) {
    try {
      Path file = dir.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Pipeline pipeline() {
    return PipelineLoader.load(dir);
  }

  Scheduler scheduler() {
    return new Scheduler(pipeline(), clock, state.schedule());
  }

  RunManager runs(Clock runClock) {
    return new RunManager(dir, state, this::engine, DuckDbSqlParser.standalone(), runClock, FAST);
  }

  ScheduleTicker ticker() {
    return ticker(Clock.systemUTC());
  }

  ScheduleTicker ticker(Clock runClock) {
    return new ScheduleTicker(scheduler(), runs(runClock), state.schedule(), clock);
  }

  synchronized Engine engine() {
    if (engine == null) {
      engine = DuckDbEngine.open(dir.resolve(".partita/warehouse.duckdb"), dir);
    }
    return engine;
  }

  List<List<Object>> query(String sql) {
    return engine().query(sql, 100_000).rows();
  }

  @Override
  public synchronized void close() {
    if (engine != null) {
      engine.close();
    }
    state.close();
  }
}
