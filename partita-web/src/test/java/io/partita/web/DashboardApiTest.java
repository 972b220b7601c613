package io.partita.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.PartitaException;
import io.partita.web.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API over real HTTP against a real project (DuckDB warehouse, SQLite state). */
class DashboardApiTest {
  @TempDir static Path temp;
  static TestServer server;
  static String firstRun;

  @BeforeAll
  static void backfillThreeDaysOneOfWhichFailsItsChecks() {
    server = new TestServer(TestProjects.pipeline(temp.resolve("shop")));
    TestServer.Response response =
        server.post(
            "/api/runs",
            "{\"partitions\": \"2024-12-01..2024-12-03\", \"max_parallel\": 2, \"reason\": \"first load\"}");
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    firstRun = response.json().get("id").asText();
    assertThat(response.json().get("tasks").asInt()).isEqualTo(9);
    assertThat(response.raw().headers().firstValue("Location")).contains("/api/runs/" + firstRun);
    assertThat(server.awaitEnd(firstRun)).isEqualTo("failed");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthAnswersOk() {
    assertThat(server.get("/health").json().get("status").asText()).isEqualTo("ok");
  }

  @Test
  void assetsAreListedInDependencyOrderWithTheirPartitionCounts() {
    JsonNode assets = server.get("/api/assets").json().get("assets");

    assertThat(assets)
        .extracting(a -> a.get("name").asText())
        .containsExactly("raw_events", "staging_events", "features");
    assertThat(assets.get(1).get("depends_on").get(0).asText()).isEqualTo("raw_events");
    assertThat(assets.get(1).get("partitions").get("failed_checks").asInt()).isEqualTo(1);
    assertThat(assets.get(0).get("partitions").get("succeeded").asInt()).isEqualTo(3);
  }

  @Test
  void theRunShowsItsTasksProgressAndFailure() {
    JsonNode run = server.get("/api/runs/" + firstRun).json();

    assertThat(run.get("status").asText()).isEqualTo("failed");
    assertThat(run.get("reason").asText()).isEqualTo("first load");
    assertThat(run.get("actor").asText()).startsWith("dashboard:");
    assertThat(run.get("tasks")).hasSize(9);
    JsonNode progress = run.get("progress");
    assertThat(progress.get("total").asInt()).isEqualTo(9);
    assertThat(progress.get("done").asInt()).isEqualTo(7);
    assertThat(progress.get("failed").asInt())
        .isEqualTo(2); // staging failed_checks + features upstream_failed
    assertThat(progress.get("tasks_per_minute").asDouble()).isPositive();
    assertThat(server.get("/api/runs").json().get("runs").get(0).get("id").asText())
        .isEqualTo(firstRun);
  }

  @Test
  void partitionsShowTheGridStatesForARange() {
    JsonNode staging =
        server
            .get("/api/partitions?asset=staging_events&from=2024-12-01&to=2024-12-04")
            .json()
            .get("assets")
            .get(0);

    assertThat(staging.get("partitions"))
        .extracting(p -> p.get("partition").asText() + " " + p.get("status").asText())
        .containsExactly(
            "2024-12-01 succeeded",
            "2024-12-02 failed_checks",
            "2024-12-03 succeeded",
            "2024-12-04 missing");
    JsonNode grid = server.get("/api/partitions?format=grid").json();
    assertThat(grid.get("columns")).hasSize(3);
    assertThat(grid.get("assets"))
        .extracting(a -> a.get("states").asText())
        .containsExactly("sss", "scs", "sms");
  }

  @Test
  void aFailedCheckIsListedWithItsMetricAndThreshold() {
    JsonNode check =
        server
            .get("/api/checks?asset=staging_events&partition=2024-12-02")
            .json()
            .get("checks")
            .get(0);

    assertThat(check.get("check").asText()).isEqualTo("not_null(amount)");
    assertThat(check.get("outcome").asText()).isEqualTo("failed");
    assertThat(check.get("metric").asDouble())
        .isEqualTo(4 / 12.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(check.get("threshold").asText()).isEqualTo("<= 0.0");
  }

  @Test
  void thePartitionPageShowsAttemptsAndTheFailingCheckMetric() {
    TestServer.Response page = server.get("/partitions/staging_events/2024-12-02");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body())
        .contains(
            "failed_checks", "not_null(amount)", "0.333333", "&lt;= 0.0", "/runs/" + firstRun);
  }

  @Test
  void metricsAreInPrometheusFormat() {
    String metrics = server.get("/metrics").body();

    assertThat(metrics)
        .contains(
            "partita_tasks_finished_total{asset=\"raw_events\",state=\"succeeded\"} 3.0",
            "partita_check_failures_total{asset=\"staging_events\",check=\"not_null(amount)\"} 1.0",
            "partita_task_duration_seconds_bucket",
            "partita_pool_slots{pool=\"warehouse\"} 2.0",
            "partita_pool_slots_in_use{pool=\"warehouse\"}",
            "partita_tasks{state=\"queued\"}",
            "partita_runs_executing 0.0");
  }

  @Test
  void mutatingCallsWithoutOrWithAWrongTokenAre401AndChangeNothing() {
    int runsBefore = server.get("/api/runs").json().get("runs").size();
    String body = "{\"partitions\": \"2024-12-10\"}";
    List<TestServer.Response> responses = new ArrayList<>();
    responses.add(server.post("/api/runs", body, null));
    responses.add(server.post("/api/runs", body, "Bearer wrong-token-0123456789abcdef"));
    responses.add(server.post("/api/runs", body, TestServer.TOKEN));
    responses.add(server.post("/api/runs/" + firstRun + "/resume", "", null));
    responses.add(
        server.post("/api/runs/" + firstRun + "/cancel", "", "Bearer " + TestServer.TOKEN + "x"));

    for (TestServer.Response response : responses) {
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(response.json().get("error").asText())
          .startsWith("Changes need Authorization: Bearer <token>");
    }
    assertThat(server.get("/api/runs").json().get("runs")).hasSize(runsBefore);
    assertThat(server.get("/api/runs/" + firstRun).json().get("status").asText())
        .isEqualTo("failed");
  }

  @Test
  void badRequestBodiesAreClear400sWithoutStackTraces() {
    assertError(server.post("/api/runs", "{not json"), 400, "The body is not valid JSON");
    assertError(server.post("/api/runs", "[]"), 400, "The body must be a JSON object");
    assertError(
        server.post("/api/runs", "{\"partitions\": \"2024-12-01\", \"paralel\": 2}"),
        400,
        "Unknown field 'paralel'; allowed: partitions, assets, max_parallel");
    assertError(
        server.post("/api/runs", "{\"assets\": \"features\"}"),
        400,
        "Field 'partitions' is required");
    assertError(
        server.post("/api/runs", "{\"partitions\": \"2024-12-01\", \"max_parallel\": 0}"),
        400,
        "Field 'max_parallel' must be at least 1, got 0");
    assertError(
        server.post("/api/runs", "{\"partitions\": \"2024-12-01\", \"write_mode\": \"append\"}"),
        400,
        "Field 'write_mode' must be one of merge|overwrite, got 'append'");
    assertError(
        server.post("/api/runs", "{\"partitions\": \"<script>alert(1)</script>\"}"), 400, "");
    assertError(
        server.post("/api/runs", "{\"partitions\": \"2024-12-01\", \"assets\": \"featurs\"}"),
        400,
        "Unknown asset 'featurs'");
    assertError(
        server.send(
            HttpRequest.newBuilder(URI.create(server.base() + "/api/runs"))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("partitions=2024-12-01"))),
        415,
        "Send the body as Content-Type: application/json");
    assertError(server.get("/api/runs/nope"), 404, "Unknown run 'nope'");
    assertError(
        server.get("/api/partitions?asset=features&from=2024-12-09&to=2024-12-01"),
        400,
        "Invalid partition range: 2024-12-09..2024-12-01");
  }

  private static void assertError(TestServer.Response response, int status, String messageStart) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.json().get("error").asText()).startsWith(messageStart);
    assertThat(response.body()).doesNotContain("\tat ", "Exception", "io.partita.");
  }

  @Test
  void crossSiteRequestsAreRefusedExceptHealth() {
    for (String path :
        List.of(
            "/api/runs",
            "/api/partitions?format=grid",
            "/api/assets/features/versions",
            "/",
            "/metrics")) {
      TestServer.Response response =
          server.send(request(path).header("Sec-Fetch-Site", "cross-site").GET());
      assertError(response, 403, "Cross-site requests are refused (Sec-Fetch-Site: cross-site)");
    }
    int runsBefore = server.get("/api/runs").json().get("runs").size();
    TestServer.Response post =
        server.send(
            request("/api/runs")
                .header("Sec-Fetch-Site", "cross-site")
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"partitions\": \"2024-12-10\"}")));
    assertError(post, 403, "Cross-site requests are refused");
    assertThat(server.get("/api/runs").json().get("runs")).hasSize(runsBefore);

    assertThat(
            server.send(request("/health").header("Sec-Fetch-Site", "cross-site").GET()).status())
        .isEqualTo(200);
    assertThat(
            server
                .send(request("/api/runs").header("Sec-Fetch-Site", "same-origin").GET())
                .status())
        .isEqualTo(200);
    assertThat(server.send(request("/api/runs").header("Sec-Fetch-Site", "none").GET()).status())
        .isEqualTo(200);
  }

  @Test
  void foreignOriginIsRefused() {
    for (String origin :
        List.of(
            "http://evil.example",
            "http://127.0.0.1:1",
            "http://127.0.0.1",
            "null",
            "http://localhost:" + server.server.port())) {
      TestServer.Response response =
          server.send(request("/api/runs").header("Origin", origin).GET());
      assertError(
          response,
          403,
          "Requests from another origin are refused (Origin is not http://127.0.0.1:"
              + server.server.port()
              + ")");
    }
    TestServer.Response page =
        server.send(request("/runs").header("Origin", "http://evil.example").GET());
    assertError(page, 403, "Requests from another origin are refused");
    assertThat(
            server.send(request("/health").header("Origin", "http://evil.example").GET()).status())
        .isEqualTo(200);
    assertThat(server.send(request("/api/runs").header("Origin", server.base()).GET()).status())
        .isEqualTo(200);
    assertThat(
            server
                .send(
                    request("/api/runs")
                        .header("Origin", server.base().toUpperCase(java.util.Locale.ROOT))
                        .GET())
                .status())
        .isEqualTo(200);
  }

  @Test
  void contentTypeMustMatchMediaTypeExactly() {
    int runsBefore = server.get("/api/runs").json().get("runs").size();
    // Valid JSON with a misspelt field: a body that gets past the media type check is a 400, so
    // no accepted type starts a run in this shared project.
    String body = "{\"partitions\": \"2024-12-01\", \"paralel\": 2}";
    for (String type :
        List.of(
            "application/jsonx",
            "application/json-patch+json",
            "application/jsonp; charset=utf-8",
            "text/plain; application/json",
            "application/json2")) {
      assertError(
          postAs("/api/runs", type, body), 415, "Send the body as Content-Type: application/json");
      assertError(
          postAs("/api/assets/features/promote", type, "{\"to\": \"v2\"}"),
          415,
          "Send the body as Content-Type: application/json");
    }
    assertThat(server.get("/api/runs").json().get("runs")).hasSize(runsBefore);
    for (String type :
        List.of(
            "application/json",
            "Application/JSON; charset=UTF-8",
            "application/json ;charset=utf-8")) {
      assertError(postAs("/api/runs", type, body), 400, "Unknown field 'paralel'");
    }
  }

  @Test
  void apiReadsDoNotLockTheWarehouse() throws Exception {
    List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean reading =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread reader =
        new Thread(
            () -> {
              while (reading.get()) {
                statuses.add(server.get("/api/assets/features/versions").status());
                statuses.add(server.get("/versions").status());
              }
            });
    reader.start();
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                javaBinary.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                WarehouseOpener.class.getName(),
                temp.resolve("shop/.partita/warehouse.duckdb").toString(),
                temp.resolve("shop").toString(),
                "30")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      java.io.BufferedReader out =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("holding");

      // The other process holds the warehouse: reads still answer, from the state store.
      TestServer.Response versions = server.get("/api/assets/features/versions");
      assertThat(versions.status()).as(versions.body()).isEqualTo(200);
      assertThat(versions.json().get("live").asText()).isEqualTo("v1");
      assertThat(versions.json().get("versions"))
          .extracting(v -> v.get("version").asText() + " " + v.get("partitions_filled").asInt())
          .containsExactly("v1 2");
      assertThat(server.get("/versions").body()).contains("features", "v1");
    } finally {
      reading.set(false);
      reader.join(30_000);
      child.getOutputStream().close();
      assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).isZero();
    assertThat(statuses).isNotEmpty().containsOnly(200);
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.base() + path));
  }

  private static TestServer.Response postAs(String path, String contentType, String body) {
    return server.send(
        request(path)
            .header("Authorization", "Bearer " + TestServer.TOKEN)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void pagesEscapeUserControlledTextAndSendASecurityPolicy() {
    TestServer.Response page =
        server.get("/partitions/%3Cscript%3Ealert(1)%3C%2Fscript%3E/2024-12-01");

    assertThat(page.status()).isEqualTo(404);
    assertThat(page.body())
        .contains("Unknown asset &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;")
        .doesNotContain("<script>alert");
    assertThat(page.raw().headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(p -> assertThat(p).contains("script-src 'self'"));
    TestServer.Response badKey = server.get("/partitions/features/%3Cb%3E2024");
    assertThat(badKey.status()).isEqualTo(400);
    assertThat(badKey.body()).contains("&lt;b&gt;2024").doesNotContain("<b>2024");
  }

  @Test
  void pagesRender() {
    assertThat(server.get("/").body()).contains("id=\"grid\"", "id=\"backfill-form\"", "webshop");
    assertThat(server.get("/runs").body()).contains(firstRun, "first load");
    assertThat(server.get("/runs/" + firstRun).body()).contains("id=\"gantt\"");
    assertThat(server.get("/checks").body()).contains("not_null(amount)");
    assertThat(server.get("/static/grid.js").status()).isEqualTo(200);
    assertThat(server.get("/static/../pom.xml").status()).isEqualTo(404);
  }

  @Test
  void nonLoopbackAddressesNeedAnExplicitToken() {
    assertThatThrownBy(
            () ->
                ServerOptions.resolve(temp, "0.0.0.0", 8765, Optional.empty(), new SecureRandom()))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Refusing to listen on 0.0.0.0 without a token: set PARTITA_TOKEN (16+ random characters) or use --host 127.0.0.1");
    ServerOptions generated =
        ServerOptions.resolve(temp, "127.0.0.1", 8765, Optional.empty(), new SecureRandom());
    assertThat(generated.tokenGenerated()).isTrue();
    assertThat(generated.token()).hasSizeGreaterThanOrEqualTo(32);
    assertThat(
            ServerOptions.resolve(
                    temp,
                    "0.0.0.0",
                    8765,
                    Optional.of("a-long-enough-token-1234"),
                    new SecureRandom())
                .token())
        .isEqualTo("a-long-enough-token-1234");
  }
}
