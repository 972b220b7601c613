package io.partita.web.page;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.json.JsonOutput;
import io.partita.json.LateJson;
import io.partita.schedule.LateReport;
import io.partita.web.api.ApiRoutes;
import io.partita.web.extension.DashboardContext;
import io.partita.web.extension.DashboardExtension;
import io.partita.web.project.ApiException;
import java.util.List;
import java.util.Optional;

/**
 * Late data: {@code /late} and {@code GET /api/late?asset=&last=30&target=0.99}, computed by {@link
 * LateReport} (the same numbers as {@code partita late-report}), and the gauge {@code
 * partita_late_arrival_rate{asset}} over the newest 30 partitions.
 */
public final class LateDataExtension implements DashboardExtension {
  static final int DEFAULT_LAST = 30;
  static final double DEFAULT_TARGET = 0.99;

  @Override
  public List<NavLink> navigation() {
    return List.of(new NavLink("Late data", "/late"));
  }

  @Override
  public void routes(Javalin app, DashboardContext context) {
    app.get(
        "/late",
        ctx -> {
          Query query = Query.of(ctx);
          PageRoutes.html(
              ctx,
              context
                  .pages()
                  .page(
                      "Late data",
                      "Late data",
                      LatePage.body(reports(context, query), query.last())));
        });
    app.get(
        "/api/late",
        ctx -> {
          Query query = Query.of(ctx);
          ObjectNode root = JsonOutput.object();
          root.put("target", query.target());
          root.put("last", query.last());
          ArrayNode array = root.putArray("assets");
          reports(context, query).forEach(report -> array.add(LateJson.report(report)));
          ApiRoutes.json(ctx, 200, root);
        });
    for (AssetDefinition asset : context.pipeline().get().assets().values()) {
      if (asset.arrivalColumn().isPresent()) {
        String name = asset.name();
        Gauge.builder("partita_late_arrival_rate", () -> lateRate(context, name))
            .description(
                "Share of rows that arrived after the watermark, newest "
                    + DEFAULT_LAST
                    + " partitions")
            .tag("asset", name)
            .strongReference(true)
            .register(context.metrics());
      }
    }
  }

  record Query(Optional<String> asset, int last, double target) {
    static Query of(Context ctx) {
      return new Query(
          Optional.ofNullable(ctx.queryParam("asset")).filter(a -> !a.isBlank()),
          bounded(ctx.queryParam("last"), "last", DEFAULT_LAST),
          target(ctx.queryParam("target")));
    }

    private static int bounded(String text, String field, int fallback) {
      if (text == null || text.isBlank()) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(text);
        if (value >= 1 && value <= 10_000) {
          return value;
        }
      } catch (NumberFormatException ignored) {
        // Reported below.
      }
      throw ApiException.badRequest("%s must be an integer 1..10000, got '%s'", field, text);
    }

    private static double target(String text) {
      if (text == null || text.isBlank()) {
        return DEFAULT_TARGET;
      }
      try {
        double value = Double.parseDouble(text);
        if (value > 0 && value <= 1) {
          return value;
        }
      } catch (NumberFormatException ignored) {
        // Reported below.
      }
      throw ApiException.badRequest("target must be a share in (0, 1], e.g. 0.99; got '%s'", text);
    }
  }

  private static List<LateReport.AssetReport> reports(DashboardContext context, Query query) {
    Pipeline pipeline = context.pipeline().get();
    List<String> names =
        query
            .asset()
            .map(
                a -> {
                  if (!pipeline.assets().containsKey(a)) {
                    throw ApiException.notFound(
                        "Unknown asset '%s'; the pipeline has: %s",
                        a, String.join(", ", pipeline.assetNames()));
                  }
                  return List.of(a);
                })
            .orElse(pipeline.assetNames());
    return LateReport.build(
        pipeline, context.state().lateArrivals(), names, query.last(), query.target());
  }

  private static double lateRate(DashboardContext context, String asset) {
    try {
      Pipeline pipeline = context.pipeline().get();
      if (!pipeline.assets().containsKey(asset)) {
        return Double.NaN;
      }
      List<LateReport.AssetReport> reports =
          LateReport.build(
              pipeline,
              context.state().lateArrivals(),
              List.of(asset),
              DEFAULT_LAST,
              DEFAULT_TARGET);
      return reports.isEmpty() ? Double.NaN : reports.get(0).lateRate();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
