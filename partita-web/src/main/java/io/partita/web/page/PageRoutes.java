package io.partita.web.page;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.model.PartitionKey;
import io.partita.publish.Staleness;
import io.partita.web.api.ApiRoutes;
import io.partita.web.api.WorkerRow;
import io.partita.web.extension.DashboardContext;
import io.partita.web.extension.DashboardExtension;
import io.partita.web.project.ApiException;
import io.partita.web.project.Project;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The HTML pages and their static files. */
public final class PageRoutes {
  private static final Map<String, String> STATIC =
      Map.of(
          "app.css", "text/css; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "grid.js", "text/javascript; charset=utf-8",
          "run.js", "text/javascript; charset=utf-8",
          "partition.js", "text/javascript; charset=utf-8",
          "versions.js", "text/javascript; charset=utf-8");

  private final Project project;
  private final ApiRoutes api;
  private final List<DashboardExtension> extensions;
  private final DashboardContext context;

  public PageRoutes(
      Project project,
      ApiRoutes api,
      List<DashboardExtension> extensions,
      DashboardContext context) {
    this.project = project;
    this.api = api;
    this.extensions = extensions;
    this.context = context;
  }

  public Layout layout() {
    List<DashboardExtension.NavLink> links = new ArrayList<>();
    extensions.forEach(e -> links.addAll(e.navigation()));
    return new Layout(project.pipeline().name(), links);
  }

  public void register(Javalin app) {
    app.get("/", ctx -> html(ctx, GridPage.render(layout())));
    app.get(
        "/runs",
        ctx ->
            html(ctx, RunPages.list(layout(), project.state().runs().list(RunPages.LIST_LIMIT))));
    app.get(
        "/runs/{id}", ctx -> html(ctx, RunPages.show(layout(), api.findRun(ctx.pathParam("id")))));
    app.get(
        "/checks",
        ctx ->
            html(
                ctx,
                ChecksPage.render(layout(), api.latestChecks(Optional.empty(), Optional.empty()))));
    app.get(
        "/workers",
        ctx ->
            html(
                ctx,
                WorkersPage.render(
                    layout(),
                    WorkerRow.read(project.state(), project.clock().instant()),
                    project.warehouseShareable())));
    app.get("/partitions/{asset}/{partition}", this::partition);
    app.get("/static/{name}", this::staticFile);
  }

  static void html(Context ctx, String page) {
    ctx.contentType("text/html; charset=utf-8").result(page);
  }

  private void partition(Context ctx) {
    Pipeline pipeline = project.reload();
    String name = ctx.pathParam("asset");
    if (!pipeline.assets().containsKey(name)) {
      throw ApiException.notFound(
          "Unknown asset '%s'; the pipeline has: %s",
          name, String.join(", ", pipeline.assetNames()));
    }
    AssetDefinition asset = pipeline.asset(name);
    PartitionKey key = asset.grain().parseKey(ctx.pathParam("partition"));
    List<String> sections = new ArrayList<>();
    for (DashboardExtension extension : extensions) {
      extension.partitionSection(context, name, key.key()).ifPresent(sections::add);
    }
    html(
        ctx,
        PartitionPage.render(
            layout(),
            project.state(),
            new Staleness(pipeline, project.state()),
            asset,
            key,
            sections));
  }

  private void staticFile(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    String type = STATIC.get(name);
    if (type == null) {
      throw ApiException.notFound("No static file '%s'", name);
    }
    try (InputStream in = PageRoutes.class.getResourceAsStream("static/" + name)) {
      if (in == null) {
        throw ApiException.notFound("No static file '%s'", name);
      }
      ctx.contentType(type).header("Cache-Control", "no-cache").result(in.readAllBytes());
    }
  }
}
