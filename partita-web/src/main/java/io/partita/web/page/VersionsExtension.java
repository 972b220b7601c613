package io.partita.web.page;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.partita.config.Pipeline;
import io.partita.engine.Engine;
import io.partita.json.VersionJson;
import io.partita.publish.VersionListing;
import io.partita.publish.VersionManager;
import io.partita.state.VersionStore;
import io.partita.web.api.ApiRoutes;
import io.partita.web.api.PromoteRequests;
import io.partita.web.extension.DashboardContext;
import io.partita.web.extension.DashboardExtension;
import io.partita.web.project.ApiException;
import io.partita.web.project.WarehouseHold;
import java.util.List;
import java.util.Optional;

/**
 * Versions: {@code /versions}, {@code GET /api/assets/{a}/versions}, {@code POST
 * /api/assets/{a}/promote} and {@code .../rollback}. Reads never open the warehouse: they come from
 * the state store, with the live version from the warehouse only when this server already has it
 * open ({@link WarehouseHold#ifOpen}), so a GET cannot make a CLI backfill exit 3. Promote and
 * rollback hold the warehouse (through the server's lease) only while {@link VersionManager} works;
 * a CLI holding it answers 409.
 */
public final class VersionsExtension implements DashboardExtension {
  @Override
  public List<NavLink> navigation() {
    return List.of(new NavLink("Versions", "/versions"));
  }

  @Override
  public void routes(Javalin app, DashboardContext context) {
    app.get("/versions", ctx -> PageRoutes.html(ctx, page(context)));
    app.get("/api/assets/{asset}/versions", ctx -> versions(ctx, context));
    app.post("/api/assets/{asset}/promote", ctx -> promote(ctx, context));
    app.post("/api/assets/{asset}/rollback", ctx -> rollback(ctx, context));
  }

  /** One asset's versions and history. */
  record AssetVersions(
      String asset,
      List<VersionManager.VersionInfo> versions,
      List<VersionStore.VersionEvent> history) {}

  private static String asset(Context ctx, Pipeline pipeline) {
    String name = ctx.pathParam("asset");
    if (!pipeline.assets().containsKey(name)) {
      throw ApiException.notFound(
          "Unknown asset '%s'; the pipeline has: %s",
          name, String.join(", ", pipeline.assetNames()));
    }
    return name;
  }

  private static VersionManager manager(
      DashboardContext context, Pipeline pipeline, WarehouseHold hold) {
    return new VersionManager(pipeline, context.state(), hold.get(), context.clock());
  }

  private void versions(Context ctx, DashboardContext context) {
    Pipeline pipeline = context.pipeline().get();
    String asset = asset(ctx, pipeline);
    AssetVersions versions = read(context, pipeline, List.of(asset)).get(0);
    ApiRoutes.json(ctx, 200, VersionJson.versions(asset, versions.versions(), versions.history()));
  }

  /** Versions from the state store; the live version from the warehouse only if it is open here. */
  private static List<AssetVersions> read(
      DashboardContext context, Pipeline pipeline, List<String> assets) {
    VersionListing listing = new VersionListing(pipeline, context.state());
    List<AssetVersions> result = new java.util.ArrayList<>();
    try (WarehouseHold hold = context.warehouse().get()) {
      Optional<Engine> open = hold.ifOpen();
      for (String asset : assets) {
        Optional<String> live =
            open.isPresent()
                ? open.get().liveVersion(asset)
                : VersionListing.recordedLive(context.state(), asset);
        result.add(
            new AssetVersions(
                asset, listing.list(asset, live), context.state().versions().events(asset)));
      }
    }
    return result;
  }

  private void promote(Context ctx, DashboardContext context) {
    ApiRoutes.requireJson(ctx);
    Pipeline pipeline = context.pipeline().get();
    String asset = asset(ctx, pipeline);
    PromoteRequests.Promote request =
        PromoteRequests.promote(ctx.body(), pipeline.asset(asset).grain());
    VersionManager.Switch result;
    try (WarehouseHold hold = context.warehouse().get()) {
      result =
          manager(context, pipeline, hold)
              .promote(asset, request.to(), request.options(), context.actor(), request.reason());
    }
    boolean passed = result.comparison().map(c -> c.passed()).orElse(false);
    var body = VersionJson.switched(result, passed);
    if (!passed) {
      body.put(
          "error",
          "Refused: "
              + asset
              + " stays on "
              + result.from()
              + ": "
              + String.join("; ", result.comparison().map(c -> c.problems()).orElse(List.of())));
    }
    ApiRoutes.json(ctx, passed ? 200 : 409, body);
  }

  private void rollback(Context ctx, DashboardContext context) {
    if (!ctx.body().isBlank()) {
      ApiRoutes.requireJson(ctx);
    }
    Pipeline pipeline = context.pipeline().get();
    String asset = asset(ctx, pipeline);
    PromoteRequests.Rollback request = PromoteRequests.rollback(ctx.body());
    VersionManager.Switch result;
    try (WarehouseHold hold = context.warehouse().get()) {
      result =
          manager(context, pipeline, hold)
              .rollback(asset, request.to(), context.actor(), request.reason());
    }
    ApiRoutes.json(ctx, 200, VersionJson.switched(result, true));
  }

  private String page(DashboardContext context) {
    Pipeline pipeline = context.pipeline().get();
    List<AssetVersions> assets = read(context, pipeline, pipeline.assetNames());
    return context.pages().page("Versions", "Versions", VersionsPage.body(assets), "versions.js");
  }
}
