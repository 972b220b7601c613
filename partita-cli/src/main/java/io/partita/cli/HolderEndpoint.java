package io.partita.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.partita.PartitaException;
import io.partita.exec.Owner;
import io.partita.json.JsonOutput;
import io.partita.web.server.BearerToken;
import io.partita.web.server.DashboardServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The process holding the warehouse serves other shells here: {@code POST /commands} with {@code
 * {"args": [...], "cwd": "..."}} runs one of {@link HeldCommands#ALLOWED} and answers {@code
 * {"exit", "stdout", "stderr"}}. Listens on 127.0.0.1 at a port the system picks, advertised with a
 * random per-process token in {@link HolderAdvert} (mode 0600). Same rules as the dashboard's API:
 * the bearer token compared in constant time, loopback Host headers only, browser requests (Origin
 * or Sec-Fetch-Site) refused, bodies of type application/json up to 64 KiB.
 */
final class HolderEndpoint implements AutoCloseable {
  static final String PATH = "/commands";
  private static final int MAX_BODY = 64 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path projectDir;
  private final HolderAdvert advert;
  private final BearerToken token;
  private final Consumer<String> log;
  private final int[] inFlight = {0};

  private HolderEndpoint(
      HttpServer server, ExecutorService executor, Path projectDir, HolderAdvert advert) {
    this.server = server;
    this.executor = executor;
    this.projectDir = projectDir;
    this.advert = advert;
    this.token = new BearerToken(advert.token());
    this.log = System.err::println;
  }

  /** Listens and advertises itself in {@code projectDir}. */
  static HolderEndpoint start(Path projectDir) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw PartitaException.internal("Cannot listen on the loopback interface", e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "partita-holder-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    HolderAdvert advert =
        new HolderAdvert(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            newToken(),
            Owner.current(),
            ProcessHandle.current().pid(),
            Owner.host());
    HolderEndpoint endpoint = new HolderEndpoint(server, executor, projectDir, advert);
    server.createContext(PATH, endpoint::handle);
    try {
      advert.write(projectDir); // the socket is bound: early requests wait in its backlog
    } catch (RuntimeException e) {
      server.stop(0);
      executor.shutdown();
      throw e;
    }
    server.start();
    return endpoint;
  }

  HolderAdvert advert() {
    return advert;
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void handle(HttpExchange exchange) throws IOException {
    synchronized (inFlight) {
      inFlight[0]++;
    }
    try {
      answer(exchange);
    } finally {
      synchronized (inFlight) {
        inFlight[0]--;
        inFlight.notifyAll();
      }
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String refusal = refusal(exchange);
      if (refusal != null) {
        int status = Integer.parseInt(refusal.substring(0, 3));
        if (status == 401) {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        }
        respond(exchange, status, JsonOutput.object().put("error", refusal.substring(4)));
        return;
      }
      JsonNode body;
      try {
        body = readBody(exchange);
      } catch (IOException e) {
        respond(exchange, 400, JsonOutput.object().put("error", "Invalid body: " + e.getMessage()));
        return;
      }
      List<String> args = new ArrayList<>();
      body.path("args").forEach(arg -> args.add(arg.asText()));
      String cwd = body.path("cwd").asText("");
      if (args.isEmpty() || cwd.isEmpty() || !Path.of(cwd).isAbsolute()) {
        respond(
            exchange,
            400,
            JsonOutput.object().put("error", "The body needs \"args\" and an absolute \"cwd\""));
        return;
      }
      CapturedOutput.Result result;
      try {
        result = HeldCommands.run(args, Path.of(cwd), projectDir);
      } catch (PartitaException e) {
        respond(exchange, 403, JsonOutput.object().put("error", e.getMessage()));
        return;
      }
      ObjectNode answer = JsonOutput.object();
      answer.put("exit", result.exitCode());
      answer.put("stdout", result.stdout());
      answer.put("stderr", result.stderr());
      respond(exchange, 200, answer);
    } catch (RuntimeException e) {
      log.accept("command from another shell failed: " + e);
    }
  }

  /** "STATUS message" when the request is refused, else null. */
  private String refusal(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (!DashboardServer.isLocalHostHeader(host)) {
      return "403 Host '" + host + "' is not allowed";
    }
    if (exchange.getRequestHeaders().containsKey("Origin")
        || exchange.getRequestHeaders().containsKey("Sec-Fetch-Site")) {
      return "403 Browsers may not send commands here";
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      return "405 Only POST " + PATH;
    }
    if (!token.matches(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return "401 Commands need Authorization: Bearer <the token in " + HolderAdvert.FILE + ">";
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null
        || !type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
      return "415 The body must be Content-Type: application/json";
    }
    return null;
  }

  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new IOException("body larger than " + MAX_BODY + " bytes");
      }
      return JsonOutput.MAPPER.readTree(bytes);
    }
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    byte[] bytes = JsonOutput.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Stops advertising, lets commands in progress finish (up to 60 s), stops listening. */
  @Override
  public void close() {
    advert.remove(projectDir);
    // HttpServer.stop(delay) of Java 17 waits the whole delay even when idle: wait for the
    // commands in progress here instead, then stop at once.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (inFlight) {
      while (inFlight[0] > 0 && System.nanoTime() < deadline) {
        try {
          inFlight.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    server.stop(0);
    executor.shutdown();
  }
}
