package io.partita.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.StateStore;
import io.partita.state.WorkerRecord;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics exports each worker of the shared state store, live or dead, and the shared queue. */
class WorkerMetricsTest {
  @TempDir Path temp;

  @Test
  void metricsShowClaimsHeartbeatAgeAndLivenessPerWorker() {
    Path project = TestProjects.pipeline(temp.resolve("shop"));
    try (TestServer server = new TestServer(project);
        StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      Instant now = Instant.now();
      state.workers().register(WorkerRecord.starting("etl-1", "a", 1, 2, now), now);
      Instant old = now.minusSeconds(120);
      state.workers().register(WorkerRecord.starting("etl-2", "b", 2, 2, old), old);
      state.workers().declareDead(now.minusSeconds(30), now);

      String metrics = server.get("/metrics").body();

      assertThat(metrics)
          .contains(
              "partita_worker_live{worker=\"etl-1\"} 1.0",
              "partita_worker_live{worker=\"etl-2\"} 0.0",
              "partita_worker_claims{worker=\"etl-1\"} 0.0",
              "partita_worker_heartbeat_age_seconds{worker=\"etl-2\"} 1",
              "partita_worker_queue_depth 0.0");
    }
  }
}
