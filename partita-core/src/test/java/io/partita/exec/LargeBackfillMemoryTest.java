package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.engine.duckdb.DuckDbSqlParser;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.sqlite.SqliteStateStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 10,000-partition backfill of no-op tasks completes with bounded memory. */
class LargeBackfillMemoryTest {
  private static final int PARTITIONS = 10_000;
  private static final long LIMIT_BYTES = 256L << 20;

  @TempDir Path dir;

  @Test
  void tenThousandNoOpPartitionsKeepTheHeapAfterGcUnder256MiB() throws Exception {
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(
        dir.resolve("partita.yaml"),
        """
        name: memory
        partitions: {grain: day, start: 2000-01-01}
        defaults: {time_column: d, retries: 0}
        assets:
          noop:
            sql: models/noop.sql
        """);
    Files.writeString(dir.resolve("models/noop.sql"), "select {{ start }} as d, 1 as x\n");
    String range = "2000-01-01.." + LocalDate.of(2000, 1, 1).plusDays(PARTITIONS - 1);
    List<Long> heapAfterGc = new ArrayList<>();
    AtomicInteger finished = new AtomicInteger();
    RunResult result;
    try (StateStore store = SqliteStateStore.open(dir.resolve(".partita/state.db"));
        DuckDbEngine engine = DuckDbEngine.open(dir.resolve(".partita/warehouse.duckdb"), dir)) {
      RunManager runs =
          new RunManager(
              dir,
              store,
              () -> engine,
              DuckDbSqlParser.standalone(),
              Clock.systemUTC(),
              TestProject.FAST);
      BackfillRequest request = BackfillRequest.of(range).withMaxParallel(4);
      RunRecord run = runs.create(runs.plan(request), request);
      result =
          runs.execute(
              run.id(),
              new RunListener() {
                @Override
                public void taskFinished(TaskRecord task) {
                  if (finished.incrementAndGet() % 2_500 == 0) {
                    heapAfterGc.add(usedHeapAfterGc());
                  }
                }
              });
      // Still holding the run's result, state store and warehouse.
      heapAfterGc.add(usedHeapAfterGc());
    }

    System.out.println(
        "heap after GC every 2,500 tasks and at the end, MiB: "
            + heapAfterGc.stream().map(bytes -> bytes >> 20).toList());
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.tasks()).hasSize(PARTITIONS);
    assertThat(heapAfterGc)
        .hasSize(5)
        .allSatisfy(
            used ->
                assertThat(used)
                    .as(
                        "heap after GC, MiB: %s",
                        heapAfterGc.stream().map(bytes -> bytes >> 20).toList())
                    .isLessThan(LIMIT_BYTES));
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
