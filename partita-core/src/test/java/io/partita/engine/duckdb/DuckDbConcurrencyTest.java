package io.partita.engine.duckdb;

import static io.partita.engine.duckdb.DuckDbEngineTest.OVERWRITE;
import static io.partita.engine.duckdb.DuckDbEngineTest.dayOfEvents;
import static io.partita.engine.duckdb.DuckDbEngineTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbConcurrencyTest {
  @TempDir Path project;

  @Test
  void concurrentStageAndPublishOfTwentyPartitionsFromFourThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (DuckDbEngine engine = DuckDbEngine.open(project.resolve("w.duckdb"), project)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (int day = 0; day < 20; day++) {
          String key = LocalDate.parse("2025-03-01").plusDays(day).toString();
          int rows = 1000 + day;
          futures.add(
              pool.submit(
                  () ->
                      engine.publish(
                          engine.stage(
                              request("events", key, dayOfEvents(key, rows, 1)),
                              new Cancellation()),
                          OVERWRITE)));
        }
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }

      assertThat(engine.query("SELECT count(*), count(DISTINCT event_date) FROM events", 1).rows())
          .containsExactly(List.of(20L * 1000 + 190, 20L));
      assertThat(engine.query("SELECT count(*) FROM _partita.publish_log", 1).rows())
          .containsExactly(List.of(40L));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancellationStopsALongQueryWithinSeconds() throws Exception {
    try (DuckDbEngine engine = DuckDbEngine.open(project.resolve("w.duckdb"), project)) {
      Cancellation cancellation = new Cancellation();
      StageRequest request =
          request(
              "events",
              "2025-03-01",
              "SELECT DATE '2025-03-01' AS event_date, count(*) AS n FROM range(10000000000000)");
      Thread canceller =
          new Thread(
              () -> {
                sleep(Duration.ofMillis(500));
                cancellation.cancel("timeout after 0.5s");
              });
      long started = System.nanoTime();
      canceller.start();

      assertThatThrownBy(() -> engine.stage(request, cancellation))
          .isInstanceOf(EngineException.class)
          .hasMessage(
              "asset 'events' partition 2025-03-01 (models/events.sql): cancelled: timeout"
                  + " after 0.5s")
          .extracting(e -> ((EngineException) e).retryable())
          .isEqualTo(true);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      // The engine stays usable after a cancelled statement.
      assertThat(
              engine
                  .stage(
                      request("events", "2025-03-01", dayOfEvents("2025-03-01", 2, 1)),
                      new Cancellation())
                  .rows())
          .isEqualTo(2);
    }
  }

  @Test
  void alreadyCancelledStageDoesNotRun() {
    try (DuckDbEngine engine = DuckDbEngine.open(project.resolve("w.duckdb"), project)) {
      Cancellation cancellation = new Cancellation();
      cancellation.cancel("run cancelled by user");

      assertThatThrownBy(
              () ->
                  engine.stage(
                      request("events", "2025-03-01", dayOfEvents("2025-03-01", 2, 1)),
                      cancellation))
          .isInstanceOf(EngineException.class)
          .hasMessageEndingWith("cancelled: run cancelled by user");
    }
  }

  @Test
  void secondProcessGetsAConflictNamingThePid() throws Exception {
    Path warehouse = project.resolve(".partita/warehouse.duckdb");
    Process holder = WarehouseLockHolder.start(warehouse, project);
    try {
      assertThat(WarehouseLockHolder.firstLine(holder)).isEqualTo("ready");

      assertThatThrownBy(() -> DuckDbEngine.open(warehouse, project))
          .isInstanceOf(PartitaException.class)
          .hasMessageContaining(
              "The warehouse "
                  + warehouse
                  + " is in use by another process (PID "
                  + holder.pid()
                  + ")")
          .hasMessageContaining("Only one process may open the warehouse at a time")
          .extracting(e -> ((PartitaException) e).category())
          .isEqualTo(ErrorCategory.CONFLICT);
    } finally {
      WarehouseLockHolder.stop(holder);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
