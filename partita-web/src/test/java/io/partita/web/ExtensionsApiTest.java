package io.partita.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions, late data and lineage over real HTTP against a real project. */
class ExtensionsApiTest {
  static final String PAYLOAD = "<script>alert('v')</script>";

  @TempDir static Path temp;
  static Path project;
  static TestServer server;
  static String firstRun;

  @BeforeAll
  static void backfillThreeDaysThenBuildV2OfTwoOfThem() {
    project = TestProjects.versioned(temp.resolve("versioned"), "one");
    server = new TestServer(project);
    TestServer.Response first =
        server.post("/api/runs", "{\"partitions\": \"2024-12-01..2024-12-03\"}");
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    firstRun = first.json().get("id").asText();
    assertThat(server.awaitEnd(firstRun)).isEqualTo("succeeded");
    TestProjects.writeEventsModel(project, "two");
    TestServer.Response second =
        server.post(
            "/api/runs",
            "{\"partitions\": \"2024-12-01..2024-12-02\", \"assets\": \"events\", \"target\": \"events_v2\"}");
    assertThat(second.status()).as(second.body()).isEqualTo(202);
    assertThat(server.awaitEnd(second.json().get("id").asText())).isEqualTo("succeeded");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String live() {
    return server.get("/api/assets/events/versions").json().get("live").asText();
  }

  @Test
  void versionsPromoteRefusedThenAcceptedThenRollback() {
    JsonNode versions = server.get("/api/assets/events/versions").json();
    assertThat(versions.get("live").asText()).isEqualTo("v1");
    assertThat(versions.get("versions"))
        .extracting(
            v ->
                v.get("version").asText()
                    + " "
                    + v.get("live").asBoolean()
                    + " "
                    + v.get("partitions_filled").asInt()
                    + " "
                    + v.get("partitions_missing").asInt())
        .containsExactly("v1 true 3 0", "v2 false 2 1");

    TestServer.Response unauthorized =
        server.post(
            "/api/assets/events/promote", "{\"to\": \"v2\", \"allow_incomplete\": true}", null);
    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(
            server
                .post("/api/assets/events/rollback", "{}", "Bearer wrong-token-0123456789")
                .status())
        .isEqualTo(401);
    assertThat(live()).isEqualTo("v1");

    TestServer.Response refused =
        server.post("/api/assets/events/promote", "{\"to\": \"v2\", \"canary_partitions\": 2}");
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("switched").asBoolean()).isFalse();
    assertThat(refused.json().get("comparison").get("missing_in_candidate").get(0).asText())
        .isEqualTo("2024-12-03");
    assertThat(refused.json().get("error").asText()).contains("missing");
    assertThat(live()).isEqualTo("v1");

    TestServer.Response accepted =
        server.post(
            "/api/assets/events/promote",
            "{\"to\": \"v2\", \"canary_partitions\": 2, \"max_drift\": 0.2, \"allow_incomplete\": true, \"reason\": \""
                + PAYLOAD.replace("'", "\\u0027")
                + "\"}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.json().get("switched").asBoolean()).isTrue();
    assertThat(accepted.json().get("comparison").get("canaries")).hasSize(2);
    assertThat(accepted.json().get("comparison").get("canaries").get(0).get("live_rows").asInt())
        .isEqualTo(12);
    assertThat(live()).isEqualTo("v2");

    String page = server.get("/versions").body();
    assertThat(page)
        .contains("&lt;script&gt;alert(&#39;v&#39;)&lt;/script&gt;")
        .doesNotContain(PAYLOAD)
        .contains("promote");

    TestServer.Response rolledBack = server.post("/api/assets/events/rollback", "");
    assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
    assertThat(rolledBack.json().get("to").asText()).isEqualTo("v1");
    assertThat(live()).isEqualTo("v1");
    JsonNode history = server.get("/api/assets/events/versions").json().get("history");
    assertThat(history)
        .extracting(e -> e.get("action").asText())
        .containsExactly("promote", "rollback");

    TestServer.Response again = server.post("/api/assets/events/rollback", "{\"to\": \"v1\"}");
    assertThat(again.status()).isEqualTo(400);
    assertThat(server.post("/api/assets/events/promote", "{\"to\": 2}").status()).isEqualTo(400);
    assertThat(
            server
                .post("/api/assets/events/promote", "{\"to\": \"v2\", \"bogus\": 1}")
                .json()
                .get("error")
                .asText())
        .contains("Unknown field 'bogus'");
    assertThat(server.post("/api/assets/nope/promote", "{\"to\": \"v2\"}").status()).isEqualTo(404);
  }

  @Test
  void lateApiReportsRatesPercentilesAndTheRecommendedDelay() {
    JsonNode late = server.get("/api/late?asset=events&last=30").json();

    assertThat(late.get("last").asInt()).isEqualTo(30);
    JsonNode events = late.get("assets").get(0);
    assertThat(events.get("asset").asText()).isEqualTo("events");
    assertThat(events.get("partitions")).hasSizeGreaterThanOrEqualTo(3);
    JsonNode partition = events.get("partitions").get(0);
    assertThat(partition.get("partition").asText()).isEqualTo("2024-12-01");
    assertThat(partition.get("rows_total").asInt()).isEqualTo(12);
    assertThat(partition.get("rows_late").asInt())
        .isEqualTo(3); // 27h, 30h, 33h after the start: after the end
    assertThat(partition.get("late_rate").asDouble()).isEqualTo(0.25);
    assertThat(partition.has("lateness_p99_seconds")).isTrue();
    assertThat(events.get("recommended_watermark_delay").asText()).isNotBlank();
    assertThat(events.get("recommended_watermark_delay_seconds").asLong()).isPositive();
    assertThat(server.get("/api/late").json().get("assets"))
        .hasSize(1); // daily_counts has no arrival_column
    assertThat(server.get("/api/late?last=0").status()).isEqualTo(400);

    String page = server.get("/late").body();
    assertThat(page)
        .contains("<svg class=\"chart\" id=\"late-rate-0\"")
        .contains("id=\"lateness-0\"")
        .contains("recommended-delay");
    assertThat(server.get("/metrics").body())
        .contains("partita_late_arrival_rate{asset=\"events\"}");
  }

  @Test
  void thePartitionPageShowsLineageInputsAndAudit() {
    String page = server.get("/partitions/daily_counts/2024-12-02").body();

    assertThat(page)
        .contains("id=\"lineage-inputs\"")
        .contains("href=\"/partitions/events/2024-12-02\"")
        .contains("/runs/" + firstRun)
        .contains("id=\"audit-rows\"");
    assertThat(server.get("/partitions/events/2024-12-01").body())
        .contains("id=\"lineage-readers\"");
  }

  @Test
  void partitionsWrittenBeforeTheirUpstreamChangedAreStale() {
    // events.sql changed after the first run: daily_counts' fingerprint (its upstream's) differs.
    JsonNode daily =
        server
            .get("/api/partitions?asset=daily_counts")
            .json()
            .get("assets")
            .get(0)
            .get("partitions");
    assertThat(daily).extracting(p -> p.get("status").asText()).containsOnly("stale");
    JsonNode grid = server.get("/api/partitions?format=grid").json().get("assets");
    assertThat(grid.get(1).get("states").asText()).isEqualTo("ttt");
    assertThat(server.get("/partitions/daily_counts/2024-12-01").body()).contains("badge s-stale");
  }
}
