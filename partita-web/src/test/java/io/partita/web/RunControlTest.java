package io.partita.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pause, resume and cancel over HTTP, on a run this server executes. */
class RunControlTest {
  @Test
  void pauseResumeAndCancelControlARunningBackfill(@TempDir Path temp) {
    try (TestServer server = new TestServer(TestProjects.pipeline(temp))) {
      TestServer.Response started =
          server.post(
              "/api/runs",
              "{\"partitions\": \"2025-01-01..2025-03-31\", \"assets\": \"raw_events\", \"max_parallel\": 1}");
      String id = started.json().get("id").asText();

      TestServer.Response paused = server.post("/api/runs/" + id + "/pause", "");
      assertThat(paused.status()).as(paused.body()).isEqualTo(202);
      assertThat(server.awaitEnd(id)).isEqualTo("paused");
      int doneWhenPaused = server.get("/api/runs/" + id).json().get("progress").get("done").asInt();
      assertThat(doneWhenPaused).isLessThan(90);
      assertThat(server.get("/api/runs/" + id).json().get("progress").get("eta_seconds").isNull())
          .as("no ETA on a paused run")
          .isTrue();
      assertThat(server.get("/runs/" + id).body())
          .contains("data-action=\"resume\"", "data-action=\"cancel\"")
          .doesNotContain("data-action=\"pause\"");
      TestServer.Response resumed = server.post("/api/runs/" + id + "/resume", "");
      assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
      TestServer.sleep(300);
      assertThat(server.post("/api/runs/" + id + "/cancel", "").status()).isEqualTo(202);
      assertThat(server.awaitEnd(id)).isEqualTo("cancelled");
      TestServer.Response again = server.post("/api/runs/" + id + "/cancel", "");
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.json().get("error").asText())
          .isEqualTo("Run " + id + " already cancelled; nothing to cancel");
      assertThat(server.get("/runs/" + id).body())
          .as("a finished run has no pause/resume/cancel buttons")
          .doesNotContain(
              "data-action=\"pause\"", "data-action=\"resume\"", "data-action=\"cancel\"");
    }
  }
}
