package io.partita.web.page;

import io.partita.state.TaskClaim;
import io.partita.state.WorkerRecord;
import io.partita.web.api.WorkerRow;
import java.time.Duration;
import java.util.List;

/**
 * The workers page: every worker registered in the state store, live first, with its host and pid,
 * slots, heartbeat age, the tasks it executes now and how many it finished; the same data as {@code
 * GET /api/workers} and {@code partita workers}.
 */
final class WorkersPage {
  static final String README_SECTION = "Running on PostgreSQL with many workers";

  private WorkersPage() {}

  /**
   * @param shareable whether other processes may write the warehouse, i.e. workers can run at all
   */
  static String render(Layout layout, List<WorkerRow> rows, boolean shareable) {
    StringBuilder body =
        new StringBuilder("<h1>Workers</h1><p class=\"muted\">")
            .append(
                "Processes running <code>partita worker</code> (and backfills working as one) that"
                    + " share runs through the state store; the same as <code>partita workers</code>.")
            .append(" <a href=\"/api/workers\">JSON</a></p>");
    if (rows.isEmpty()) {
      body.append("<p class=\"muted\" id=\"no-workers\">")
          .append(
              shareable
                  ? "No workers yet. Start one with <code>partita worker</code>."
                  : "No workers: this project's warehouse is locked by one process, so runs execute"
                      + " in the process that starts them. Workers need a warehouse and a state"
                      + " store that several processes share (<code>postgresql://…</code>): see"
                      + " README “"
                      + README_SECTION
                      + "”.")
          .append("</p>");
      return layout.page("Workers", "Workers", body.toString());
    }
    long live = rows.stream().filter(WorkerRow::live).count();
    int claims = rows.stream().mapToInt(r -> r.claims().size()).sum();
    body.append("<p id=\"worker-summary\">")
        .append(live)
        .append(" live of ")
        .append(rows.size())
        .append(" registered, ")
        .append(claims)
        .append(claims == 1 ? " task" : " tasks")
        .append(" executing.</p>")
        .append(
            "<table id=\"workers\"><thead><tr><th>worker</th><th>status</th><th>host</th><th>pid</th>")
        .append(
            "<th>slots</th><th>heartbeat</th><th>executing now</th><th>tasks done</th></tr></thead><tbody>");
    for (WorkerRow row : rows) {
      WorkerRecord worker = row.worker();
      body.append("<tr data-worker=\"")
          .append(Html.escape(worker.name()))
          .append("\"><td>")
          .append(Html.escape(worker.name()))
          .append("</td><td>")
          .append(Html.badge(worker.state().lowerName()))
          .append("</td><td>")
          .append(Html.escape(worker.host()))
          .append("</td><td>")
          .append(worker.pid())
          .append("</td><td>")
          .append(worker.slots())
          .append("</td><td class=\"heartbeat\">")
          .append(Html.escape(age(row.heartbeatAge())))
          .append("</td><td class=\"claims\">")
          .append(claims(row.claims()))
          .append("</td><td class=\"done\">")
          .append(worker.tasksDone())
          .append("</td></tr>");
    }
    body.append("</tbody></table>");
    return layout.page("Workers", "Workers", body.toString());
  }

  private static String claims(List<TaskClaim> claims) {
    if (claims.isEmpty()) {
      return "–";
    }
    StringBuilder cell = new StringBuilder("<ul class=\"plain\">");
    for (TaskClaim claim : claims) {
      cell.append("<li>")
          .append(Html.escape(claim.asset()))
          .append(" <a href=\"/partitions/")
          .append(Html.segment(claim.asset()))
          .append('/')
          .append(Html.segment(claim.partition()))
          .append("\">")
          .append(Html.escape(claim.partition()))
          .append("</a> of run ")
          .append(Html.runLink(claim.runId()))
          .append("</li>");
    }
    return cell.append("</ul>").toString();
  }

  /** "4s ago", "3m ago", "2h ago". */
  static String age(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 120) {
      return seconds + "s ago";
    }
    return seconds < 7200 ? (seconds / 60) + "m ago" : (seconds / 3600) + "h ago";
  }
}
