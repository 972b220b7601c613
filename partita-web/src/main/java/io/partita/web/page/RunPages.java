package io.partita.web.page;

import io.partita.json.JsonOutput;
import io.partita.state.RunRecord;
import java.util.List;

/** The runs list and one run's page; the run page is filled and refreshed by run.js. */
final class RunPages {
  static final int LIST_LIMIT = 200;

  private RunPages() {}

  static String list(Layout layout, List<RunRecord> runs) {
    StringBuilder body = new StringBuilder("<h1>Runs</h1>");
    if (runs.isEmpty()) {
      body.append(
          "<p class=\"muted\">No runs yet: start a backfill on the Partitions page or with `partita backfill`.</p>");
      return layout.page("Runs", "Runs", body.toString());
    }
    body.append(
            "<table id=\"runs\"><thead><tr><th>run</th><th>kind</th><th>status</th><th>partitions</th><th>assets</th>")
        .append(
            "<th>max parallel</th><th>actor</th><th>reason</th><th>created</th><th>finished</th></tr></thead><tbody>");
    for (RunRecord run : runs) {
      body.append("<tr><td>")
          .append(Html.runLink(run.id()))
          .append("</td><td>")
          .append(Html.escape(run.kind().lowerName()))
          .append("</td><td>")
          .append(Html.badge(run.status().lowerName()))
          .append("</td><td>")
          .append(Html.escape(run.options().partitions()))
          .append("</td><td>")
          .append(Html.escape(run.options().assets().isEmpty() ? "all" : run.options().assets()))
          .append("</td><td>")
          .append(run.options().maxParallel())
          .append("</td><td>")
          .append(Html.escape(run.actor()))
          .append("</td><td>")
          .append(Html.escape(run.reason().orElse("")))
          .append("</td><td>")
          .append(Html.escape(JsonOutput.time(run.createdAt())))
          .append("</td><td>")
          .append(Html.time(run.finishedAt()))
          .append("</td></tr>");
    }
    body.append("</tbody></table>");
    return layout.page("Runs", "Runs", body.toString());
  }

  /**
   * The buttons that apply to a run in {@code status}: none on a succeeded or cancelled run, only
   * resume on a failed one (run.js hides them the same way as the status changes).
   */
  static String controls(io.partita.state.RunStatus status) {
    boolean live =
        status == io.partita.state.RunStatus.RUNNING || status == io.partita.state.RunStatus.QUEUED;
    boolean stopped =
        status == io.partita.state.RunStatus.PAUSED
            || status == io.partita.state.RunStatus.INTERRUPTED;
    StringBuilder buttons = new StringBuilder();
    if (live) {
      buttons.append("<button type=\"button\" data-action=\"pause\">Pause</button>");
    }
    if (stopped || status == io.partita.state.RunStatus.FAILED) {
      buttons.append("<button type=\"button\" data-action=\"resume\">Resume</button>");
    }
    if (live || stopped) {
      buttons.append(
          "<button type=\"button\" data-action=\"cancel\" class=\"danger\">Cancel</button>");
    }
    return buttons.toString();
  }

  static String show(Layout layout, RunRecord run) {
    String body =
        "<h1>Run <span class=\"key\">"
            + Html.escape(run.id())
            + "</span> <span id=\"run-status\">"
            + Html.badge(run.status().lowerName())
            + "</span></h1>"
            + "<p class=\"muted\">"
            + Html.escape(run.kind().lowerName())
            + " of "
            + Html.escape(run.options().partitions())
            + ", assets "
            + Html.escape(run.options().assets().isEmpty() ? "all" : run.options().assets())
            + ", max parallel "
            + run.options().maxParallel()
            + ", by "
            + Html.escape(run.actor())
            + run.reason().map(r -> ": “" + Html.escape(r) + "”").orElse("")
            + "</p>"
            + "<div class=\"controls\">"
            + controls(run.status())
            + "<span id=\"control-result\" role=\"status\"></span></div>"
            + "<div id=\"progress\" class=\"progress\"><div class=\"bar\"></div></div>"
            + "<dl id=\"counts\" class=\"facts\"></dl>"
            + "<h2>Timeline</h2><div id=\"gantt\" class=\"gantt\"></div>"
            + "<h2>Tasks</h2><table id=\"tasks\"><thead><tr><th>asset</th><th>partition</th><th>status</th><th>attempts</th>"
            + "<th>started</th><th>finished</th><th>rows</th><th>error</th></tr></thead><tbody></tbody></table>"
            + "<div id=\"run\" data-src=\"/api/runs/"
            + Html.escape(Html.segment(run.id()))
            + "\" data-id=\""
            + Html.escape(run.id())
            + "\"></div>";
    return layout.page("Run " + run.id(), "Runs", body, "run.js");
  }
}
