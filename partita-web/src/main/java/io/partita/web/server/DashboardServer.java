package io.partita.web.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.json.JsonOutput;
import io.partita.web.api.ApiRoutes;
import io.partita.web.extension.DashboardContext;
import io.partita.web.extension.DashboardExtension;
import io.partita.web.page.Layout;
import io.partita.web.page.PageRoutes;
import io.partita.web.project.ApiException;
import io.partita.web.project.Project;
import io.partita.web.project.RunLauncher;
import io.partita.web.project.WarehouseHold;
import io.partita.web.project.WarehouseListener;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The dashboard and JSON API of one project: {@code partita ui}. Binds loopback unless told
 * otherwise; every mutating request needs the bearer token, and on a non-loopback address every
 * request except {@code /health} and static files does. Answers never contain stack traces.
 */
public final class DashboardServer implements AutoCloseable {
  private static final String HANDLED = "partita.handled";
  private static final String JSON_ONLY = "partita.json-only";
  private static final String SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final ServerOptions options;
  private final Project project;
  private final RunLauncher launcher;
  private final WebMetrics metrics;
  private final BearerToken token;
  private final boolean loopback;
  private final Consumer<String> log;
  private final Javalin app;
  private final Layout errorLayout;

  private DashboardServer(
      ServerOptions options,
      Clock clock,
      List<DashboardExtension> extensions,
      Consumer<String> log) {
    this.options = options;
    this.log = log;
    this.project = Project.open(options.projectDir(), clock);
    this.token = new BearerToken(options.token());
    this.loopback = options.loopback();
    RunLauncher[] holder = new RunLauncher[1];
    this.metrics =
        new WebMetrics(project, () -> holder[0] == null ? 0 : holder[0].executing().size());
    this.launcher = new RunLauncher(project, metrics, log);
    holder[0] = launcher;
    String actor = "dashboard:" + System.getProperty("user.name", "unknown");
    ApiRoutes api = new ApiRoutes(project, launcher, actor);
    PageRoutes[] pageHolder = new PageRoutes[1];
    DashboardContext context =
        new DashboardContext(
            project.dir(),
            project.state(),
            project::reload,
            this::holdWarehouse,
            new DashboardContext.Server(
                metrics.registry(),
                clock,
                actor,
                (title, active, body, scripts) ->
                    pageHolder[0].layout().page(title, active, body, scripts)));
    PageRoutes pages = new PageRoutes(project, api, extensions, context);
    pageHolder[0] = pages;
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
              config.http.maxRequestSize = 64 * 1024;
            });
    app.before(this::guard);
    api.register(app);
    pages.register(app);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    for (DashboardExtension extension : extensions) {
      extension.routes(app, context);
    }
    app.exception(ApiException.class, (e, ctx) -> respond(ctx, e.status(), e.getMessage()));
    app.exception(
        PartitaException.class,
        (e, ctx) -> {
          if (e.category() == ErrorCategory.INTERNAL) {
            log.accept(
                "internal error on "
                    + ctx.method()
                    + " "
                    + ctx.path()
                    + ": "
                    + e
                    + (e.getCause() == null ? "" : " caused by " + e.getCause()));
            respond(
                ctx,
                500,
                "Internal error: " + e.getMessage() + " (the server log has the details)");
          } else {
            int status =
                e.category() == ErrorCategory.CONFLICT
                    ? 409
                    : e.getMessage().startsWith("Unknown run") ? 404 : 400;
            respond(ctx, status, e.getMessage());
          }
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.accept("internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
          respond(ctx, 500, "Internal error; the server log has the details");
        });
    app.error(
        404,
        ctx -> {
          if (ctx.attribute(HANDLED) == null) {
            respond(ctx, 404, "Nothing at " + ctx.path());
          }
        });
    this.errorLayout = pages.layout();
  }

  /** Opens the project and starts listening; {@link #port()} tells the port when it was 0. */
  public static DashboardServer start(
      ServerOptions options,
      Clock clock,
      List<DashboardExtension> extensions,
      Consumer<String> log) {
    DashboardServer server = new DashboardServer(options, clock, extensions, log);
    try {
      server.app.start(options.host(), options.port());
    } catch (RuntimeException e) {
      server.launcher.close();
      server.project.close();
      throw PartitaException.user(
          "Cannot listen on %s:%d (%s): is the port in use? Choose another with --port",
          options.host(), options.port(), e.getMessage());
    }
    return server;
  }

  /**
   * The warehouse for work outside the dashboard's own runs (the scheduler of {@code partita
   * serve}): shares the connection runs of this server use; close the hold to release it.
   */
  public WarehouseHold holdWarehouse() {
    return project.holdWarehouse();
  }

  /**
   * Tells {@code listener} whenever this server opens the warehouse for its work and before it
   * closes it again (see {@link WarehouseListener}).
   */
  public void onWarehouse(WarehouseListener listener) {
    project.onWarehouse(listener);
  }

  /** Counts tasks of runs executed outside the dashboard's own launcher in {@code /metrics}. */
  public io.partita.exec.RunListener runListener() {
    return metrics;
  }

  public int port() {
    return app.port();
  }

  /**
   * The address to open in a browser, with the token in the fragment (never sent to the server).
   */
  public String url(boolean withToken) {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return "http://" + host + ":" + port() + "/" + (withToken ? "#token=" + options.token() : "");
  }

  private void guard(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", SECURITY_POLICY);
    ctx.header("Cache-Control", "no-store");
    if (loopback && !isLocalHostHeader(ctx.host())) {
      // A page on another site may resolve its own name to 127.0.0.1 (DNS rebinding); the Host
      // header still carries that name.
      throw new ApiException(403, "Host '" + ctx.host() + "' is not allowed; open " + url(false));
    }
    String path = ctx.path();
    if (!path.equals("/health")) {
      CrossSiteGuard.refusal(ctx.header("Sec-Fetch-Site"), ctx.header("Origin"), ctx.host())
          .ifPresent(
              reason -> {
                ctx.attribute(JSON_ONLY, Boolean.TRUE);
                throw new ApiException(403, reason);
              });
    }
    boolean reading = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    boolean open = path.equals("/health") || path.startsWith("/static/");
    if ((!reading || (!loopback && !open)) && !token.matches(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(
          401,
          reading
              ? "This server listens beyond loopback: send Authorization: Bearer <PARTITA_TOKEN>"
              : "Changes need Authorization: Bearer <token> (PARTITA_TOKEN, or the token `partita ui` printed at start)");
    }
  }

  public static boolean isLocalHostHeader(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      return name.startsWith("[::1]");
    }
    int colon = name.indexOf(':');
    name = colon >= 0 ? name.substring(0, colon) : name;
    return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private void respond(Context ctx, int status, String message) {
    ctx.attribute(HANDLED, Boolean.TRUE);
    String path = ctx.path();
    boolean html =
        !(path.startsWith("/api/")
                || path.equals("/metrics")
                || path.equals("/health")
                || path.startsWith("/static/"))
            && ctx.method() == HandlerType.GET
            && ctx.attribute(JSON_ONLY) == null;
    if (html) {
      ctx.status(status)
          .contentType("text/html; charset=utf-8")
          .result(errorLayout.error(status, message));
    } else {
      ApiRoutes.json(ctx, status, JsonOutput.object().put("error", message));
    }
  }

  /**
   * Stops listening, pauses the runs executing here after their in-flight tasks, closes the
   * project.
   */
  @Override
  public void close() {
    app.stop();
    launcher.close();
    project.close();
  }
}
