package io.partita.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.json.JsonOutput;
import io.partita.web.server.DashboardExtensions;
import io.partita.web.server.DashboardServer;
import io.partita.web.server.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A dashboard on a free loopback port over a real project, and an HTTP client for it. */
final class TestServer implements AutoCloseable {
  static final String TOKEN = "test-token-0123456789abcdef";

  final DashboardServer server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TestServer(Path project) {
    this.server =
        DashboardServer.start(
            new ServerOptions(project, "127.0.0.1", 0, TOKEN, false),
            Clock.systemUTC(),
            DashboardExtensions.standard(),
            message -> System.err.println("server: " + message));
  }

  /** What one request returned. */
  record Response(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JsonOutput.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
  }

  Response post(String path, String body) {
    return post(path, body, "Bearer " + TOKEN);
  }

  Response post(String path, String body, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The run's status once it is no longer queued or running. */
  String awaitEnd(String runId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode run = get("/api/runs/" + runId).json();
      String status = run.get("status").asText();
      if (!status.equals("queued")
          && !status.equals("running")
          && !run.get("executing_here").asBoolean()) {
        return status;
      }
      sleep(100);
    }
    throw new AssertionError(
        "run " + runId + " did not finish: " + get("/api/runs/" + runId).body());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
