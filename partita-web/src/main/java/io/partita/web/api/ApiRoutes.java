package io.partita.web.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.partita.config.AssetDefinition;
import io.partita.config.Dependency;
import io.partita.config.Pipeline;
import io.partita.exec.DeadRuns;
import io.partita.json.CheckJson;
import io.partita.json.JsonOutput;
import io.partita.json.PartitionJson;
import io.partita.json.RunJson;
import io.partita.json.WorkerJson;
import io.partita.state.CheckRecord;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.TaskRecord;
import io.partita.web.project.ApiException;
import io.partita.web.project.Project;
import io.partita.web.project.RunLauncher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The JSON API. Every answer is {@code application/json}; errors are {@code {"error": "..."}}. */
public final class ApiRoutes {
  private final Project project;
  private final RunLauncher launcher;
  private final String actor;
  private final AnswerCache grids = new AnswerCache();
  private final DeadRuns deadRuns;

  public ApiRoutes(Project project, RunLauncher launcher, String actor) {
    this.project = project;
    this.launcher = launcher;
    this.actor = actor;
    // Runs whose process is gone show as interrupted here as in `partita runs`.
    this.deadRuns = project.runs().deadRuns();
  }

  public void register(Javalin app) {
    app.get("/health", ctx -> json(ctx, 200, JsonOutput.object().put("status", "ok")));
    app.get("/api/assets", this::assets);
    app.get("/api/partitions", this::partitions);
    app.get("/api/checks", this::checks);
    app.get("/api/runs", this::runs);
    app.get(
        "/api/workers",
        ctx ->
            json(
                ctx,
                200,
                WorkerJson.of(
                    project.state().workers().list(),
                    project.state().workers().claims(),
                    project.clock().instant())));
    app.get("/api/runs/{id}", ctx -> json(ctx, 200, runJson(ctx.pathParam("id"))));
    app.post("/api/runs", this::startRun);
    app.post("/api/runs/{id}/pause", ctx -> control(ctx, "pause"));
    app.post("/api/runs/{id}/resume", ctx -> control(ctx, "resume"));
    app.post("/api/runs/{id}/cancel", ctx -> control(ctx, "cancel"));
  }

  /**
   * Refuses (415) a body whose media type is not exactly {@code application/json}; parameters such
   * as {@code ; charset=utf-8} are allowed, {@code application/jsonx} is not.
   */
  public static void requireJson(Context ctx) {
    String type = Optional.ofNullable(ctx.contentType()).orElse("");
    int semicolon = type.indexOf(';');
    String mediaType = (semicolon >= 0 ? type.substring(0, semicolon) : type).strip();
    if (!mediaType.equalsIgnoreCase("application/json")) {
      throw new ApiException(415, "Send the body as Content-Type: application/json");
    }
  }

  public static void json(Context ctx, int status, Object body) {
    ctx.status(status)
        .contentType("application/json; charset=utf-8")
        .result(JsonOutput.write(body));
  }

  private void assets(Context ctx) {
    Pipeline pipeline = project.reload();
    ObjectNode root = JsonOutput.object();
    ArrayNode array = root.putArray("assets");
    for (AssetDefinition asset : pipeline.assets().values()) {
      ObjectNode node = array.addObject();
      node.put("name", asset.name());
      node.put("kind", asset.kind().name().toLowerCase(java.util.Locale.ROOT));
      node.put("grain", asset.grain().lowerName());
      node.put("write_mode", asset.writeMode().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode upstream = node.putArray("depends_on");
      asset.dependencies().stream().map(Dependency::asset).distinct().forEach(upstream::add);
      node.put("checks", asset.checks().size());
      Map<PartitionStatus, Integer> counts = new EnumMap<>(PartitionStatus.class);
      project
          .state()
          .partitions()
          .list(asset.name())
          .forEach(p -> counts.merge(p.status(), 1, Integer::sum));
      ObjectNode states = node.putObject("partitions");
      counts.forEach((status, count) -> states.put(status.lowerName(), count));
    }
    json(ctx, 200, root);
  }

  /**
   * {@code ?asset=&from=&to=}: the cells of one or all assets. {@code format=grid} answers one
   * string of state codes per asset over shared columns, compact enough for years of days; it is
   * computed once per change of the state store, the pipeline and the runs executing here, however
   * many clients poll it.
   */
  private void partitions(Context ctx) {
    Pipeline pipeline = project.reload();
    List<String> names =
        Optional.ofNullable(ctx.queryParam("asset"))
            .filter(a -> !a.isBlank())
            .map(a -> List.of(pipeline.asset(a).name()))
            .orElse(pipeline.assetNames());
    Optional<String> from = Optional.ofNullable(ctx.queryParam("from")).filter(s -> !s.isBlank());
    Optional<String> to = Optional.ofNullable(ctx.queryParam("to")).filter(s -> !s.isBlank());
    if ("grid".equals(ctx.queryParam("format"))) {
      // The stamp is read before the cells: a change committed meanwhile makes the next request
      // recompute.
      Optional<String> stamp = project.state().changeStamp();
      int executing = launcher.executing().size();
      byte[] body =
          grids.get(
              new GridKey(pipeline, names, from, to, executing),
              stamp,
              () ->
                  JsonOutput.write(compact(pipeline, cells(pipeline, names, from, to), executing))
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ctx.status(200).contentType("application/json; charset=utf-8").result(body);
      return;
    }
    Map<String, TreeMap<String, PartitionGrid.Cell>> cells = cells(pipeline, names, from, to);
    ObjectNode root = JsonOutput.object();
    ArrayNode assets = root.putArray("assets");
    cells.forEach(
        (name, byKey) -> {
          ObjectNode asset = assets.addObject();
          asset.put("name", name);
          asset.put("grain", pipeline.asset(name).grain().lowerName());
          ArrayNode list = asset.putArray("partitions");
          for (PartitionGrid.Cell cell : byKey.values()) {
            list.add(
                PartitionJson.cell(
                    cell.partition(),
                    cell.state(),
                    cell.rows(),
                    cell.runId(),
                    cell.stored().map(s -> s.updatedAt())));
          }
        });
    json(ctx, 200, root);
  }

  /**
   * What a compact grid answer depends on besides the state store. The pipeline compares by
   * identity: {@link Project#reload} returns the same instance until a file changes, and hashing
   * the whole definition on every request would cost more than the lookup saves.
   */
  private record GridKey(
      Pipeline pipeline,
      List<String> names,
      Optional<String> from,
      Optional<String> to,
      int executing) {
    @Override
    public boolean equals(Object other) {
      return other instanceof GridKey key
          && key.pipeline == pipeline
          && key.names.equals(names)
          && key.from.equals(from)
          && key.to.equals(to)
          && key.executing == executing;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(System.identityHashCode(pipeline), names, from, to, executing);
    }
  }

  private Map<String, TreeMap<String, PartitionGrid.Cell>> cells(
      Pipeline pipeline, List<String> names, Optional<String> from, Optional<String> to) {
    PartitionGrid grid = PartitionGrid.read(project.state(), pipeline);
    Map<String, TreeMap<String, PartitionGrid.Cell>> cells = new LinkedHashMap<>();
    for (String name : names) {
      cells.put(name, grid.cells(pipeline.asset(name), from, to));
    }
    return cells;
  }

  /**
   * State codes: s succeeded, f failed, c failed checks, r running, q queued, m missing, i
   * interrupted; t stale; e empty (succeeded with 0 rows).
   */
  static char code(PartitionGrid.Cell cell) {
    if (cell.stale()) {
      return 't';
    }
    return cell.empty() ? 'e' : code(cell.status());
  }

  static char code(PartitionStatus status) {
    return switch (status) {
      case SUCCEEDED -> 's';
      case FAILED -> 'f';
      case FAILED_CHECKS -> 'c';
      case RUNNING -> 'r';
      case QUEUED -> 'q';
      case MISSING -> 'm';
      case INTERRUPTED -> 'i';
    };
  }

  private static ObjectNode compact(
      Pipeline pipeline, Map<String, TreeMap<String, PartitionGrid.Cell>> cells, int executing) {
    TreeSet<String> keys = new TreeSet<>();
    cells.values().forEach(byKey -> keys.addAll(byKey.keySet()));
    List<String> columns = new ArrayList<>(keys);
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i), i);
    }
    ObjectNode root = JsonOutput.object();
    ArrayNode columnArray = root.putArray("columns");
    columns.forEach(columnArray::add);
    ArrayNode assets = root.putArray("assets");
    cells.forEach(
        (name, byKey) -> {
          char[] states = new char[columns.size()];
          java.util.Arrays.fill(states, 'm');
          byKey.values().forEach(cell -> states[index.get(cell.partition())] = code(cell));
          ObjectNode asset = assets.addObject();
          asset.put("name", name);
          asset.put("grain", pipeline.asset(name).grain().lowerName());
          asset.put("states", new String(states));
        });
    root.put("executing", executing);
    return root;
  }

  /** Latest verdict per (asset, partition, check): failed and warned first, then newest first. */
  public List<CheckRecord> latestChecks(Optional<String> asset, Optional<String> partition) {
    Pipeline pipeline = project.pipeline();
    List<String> names =
        asset.map(a -> List.of(pipeline.asset(a).name())).orElse(pipeline.assetNames());
    List<CheckRecord> latest = new ArrayList<>();
    for (String name : names) {
      String first = partition.map(p -> pipeline.asset(name).grain().parseKey(p).key()).orElse("");
      String last = partition.isPresent() ? first : "\uffff";
      Map<String, CheckRecord> byKey = new LinkedHashMap<>();
      for (CheckRecord record : project.state().checks().list(name, first, last)) {
        byKey.put(record.partition() + " " + record.check(), record);
      }
      latest.addAll(byKey.values());
    }
    latest.sort(
        Comparator.comparingInt((CheckRecord r) -> rank(r.outcome()))
            .thenComparing(CheckRecord::createdAt, Comparator.reverseOrder()));
    return latest;
  }

  private static int rank(String outcome) {
    return switch (outcome) {
      case "failed" -> 0;
      case "warned" -> 1;
      default -> 2;
    };
  }

  private void checks(Context ctx) {
    ObjectNode root = JsonOutput.object();
    ArrayNode array = root.putArray("checks");
    latestChecks(
            Optional.ofNullable(ctx.queryParam("asset")).filter(s -> !s.isBlank()),
            Optional.ofNullable(ctx.queryParam("partition")).filter(s -> !s.isBlank()))
        .forEach(record -> array.add(CheckJson.verdictWithSample(record)));
    json(ctx, 200, root);
  }

  private void runs(Context ctx) {
    int limit = parseLimit(ctx.queryParam("limit"));
    ObjectNode root = JsonOutput.object();
    ArrayNode array = root.putArray("runs");
    for (RunRecord run : project.state().runs().list(limit)) {
      ObjectNode item = RunJson.summary(run, deadRuns.shownStatus(run));
      RunJson.putRanges(item, project.state().runs().assetRanges(run.id()));
      array.add(item);
    }
    json(ctx, 200, root);
  }

  private static int parseLimit(String text) {
    if (text == null || text.isBlank()) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= 10_000) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // Reported below.
    }
    throw ApiException.badRequest("limit must be an integer 1..10000, got '%s'", text);
  }

  public RunRecord findRun(String id) {
    return project
        .state()
        .runs()
        .find(id)
        .orElseThrow(
            () -> ApiException.notFound("Unknown run '%s': GET /api/runs lists the runs", id));
  }

  ObjectNode runJson(String id) {
    RunRecord run = findRun(id);
    List<TaskRecord> tasks = project.state().tasks().list(id);
    ObjectNode node = RunJson.detail(run, deadRuns.shownStatus(run), tasks);
    RunJson.putRanges(node, project.state().runs().assetRanges(id));
    node.set("progress", RunProgress.of(run, tasks, project.clock().instant()).toJson());
    node.put("executing_here", launcher.executing().contains(id));
    node.put("server_error", launcher.failure(id).orElse(null));
    return node;
  }

  private void startRun(Context ctx) {
    requireJson(ctx);
    RunLauncher.Started started = launcher.start(RunRequests.parse(ctx.body(), actor));
    if (started.run().isEmpty()) {
      ObjectNode node = JsonOutput.object();
      node.putNull("id");
      node.put("tasks", 0);
      node.put("skipped", started.skipped());
      node.put("message", "Nothing to do: every selected partition is already materialized");
      json(ctx, 200, node);
      return;
    }
    RunRecord run = started.run().get();
    ObjectNode node = JsonOutput.object();
    node.put("id", run.id());
    node.put("status", run.status().lowerName());
    node.put("tasks", started.tasks());
    node.put("skipped", started.skipped());
    node.put("url", "/runs/" + run.id());
    ctx.header("Location", "/api/runs/" + run.id());
    json(ctx, 202, node);
  }

  private void control(Context ctx, String action) {
    String id = ctx.pathParam("id");
    findRun(id);
    if (!action.equals("resume")) {
      launcher.awaitStarted(id);
    }
    RunRecord run;
    try {
      run =
          switch (action) {
            case "pause" -> project.runs().pause(id);
            case "cancel" -> project.runs().cancel(id);
            default -> launcher.resume(id);
          };
    } catch (io.partita.PartitaException e) {
      // "Run X is paused; only a running run can be paused": the request is fine, the state is not.
      throw e.category() == io.partita.ErrorCategory.USER
          ? new ApiException(409, e.getMessage())
          : e;
    }
    ObjectNode node = JsonOutput.object();
    node.put("id", id);
    node.put("action", action);
    node.put("status", run.status().lowerName());
    node.put("control", run.control().name().toLowerCase(java.util.Locale.ROOT));
    json(ctx, 202, node);
  }
}
