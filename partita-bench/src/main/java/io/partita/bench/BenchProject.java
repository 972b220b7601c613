package io.partita.bench;

import io.partita.backend.Backends;
import io.partita.backend.EngineOptions;
import io.partita.engine.Engine;
import io.partita.exec.BackfillRequest;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A throw-away project on disk for one benchmark, and a timed in-process backfill of it. */
final class BenchProject {
  private static final java.util.Queue<Path> CREATED =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Path dir;

  private BenchProject(Path dir) {
    this.dir = dir;
  }

  /** Writes {@code files} (path relative to the project -> text) to a fresh temp directory. */
  static BenchProject create(String prefix, Map<String, String> files) throws IOException {
    Path dir = Files.createTempDirectory("partita-bench-" + prefix + "-");
    CREATED.add(dir);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
    return new BenchProject(dir);
  }

  Path dir() {
    return dir;
  }

  /** What one backfill took, from planning to the last publish, and its result. */
  record Timed(long millis, RunResult result) {
    double tasksPerSecond() {
      return result.tasks().size() * 1000.0 / Math.max(1, millis);
    }

    double millisPerTask() {
      return millis / (double) Math.max(1, result.tasks().size());
    }
  }

  /**
   * Backfills {@code range} with its own state store and warehouse file (named by {@code variant}),
   * timed from plan to finish.
   */
  Timed backfill(String variant, String range, int maxParallel, Path warehouse) {
    Backends.Engines engines = Backends.engine("duckdb:" + warehouse);
    try (StateStore store =
            Backends.stateStore("sqlite:.partita/state-" + variant + ".db").open(dir);
        Engine engine = engines.open(dir, EngineOptions.forWriting(Clock.systemUTC()))) {
      RunManager runs =
          new RunManager(
              dir,
              store,
              () -> engine,
              engines.provider().sqlParser(),
              Clock.systemUTC(),
              ExecutionSettings.DEFAULT);
      long start = System.nanoTime();
      BackfillRequest request = BackfillRequest.of(range).withMaxParallel(maxParallel);
      RunRecord run = runs.create(runs.plan(request), request);
      RunResult result = runs.execute(run.id(), RunListener.NONE);
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (result.exitCode() != 0) {
        throw new IllegalStateException("benchmark run " + variant + " failed: " + result.status());
      }
      return new Timed(millis, result);
    }
  }

  Timed backfill(String variant, String range, int maxParallel) {
    return backfill(
        variant, range, maxParallel, dir.resolve(".partita/warehouse-" + variant + ".duckdb"));
  }

  /** Deletes every project created so far and everything the benchmarks wrote in them. */
  static void deleteAll() throws IOException {
    for (Path dir = CREATED.poll(); dir != null; dir = CREATED.poll()) {
      try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  static long millisSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1_000_000;
  }

  static long usedHeapAfterGc() {
    System.gc();
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
