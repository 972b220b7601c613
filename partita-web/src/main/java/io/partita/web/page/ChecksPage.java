package io.partita.web.page;

import io.partita.state.CheckRecord;
import java.util.List;

/** The newest check verdicts of every asset, failures first. */
final class ChecksPage {
  static final int LIMIT = 500;

  private ChecksPage() {}

  static String render(Layout layout, List<CheckRecord> records) {
    StringBuilder body =
        new StringBuilder(
                "<h1>Checks</h1><p class=\"muted\">Latest verdict per partition and check; ")
            .append(
                "failed and warned first, then the newest. <a href=\"/api/checks\">JSON</a></p>");
    if (records.isEmpty()) {
      body.append(
          "<p class=\"muted\">No check results yet: add <code>checks:</code> to an asset in partita.yaml and run a backfill.</p>");
      return layout.page("Checks", "Checks", body.toString());
    }
    body.append(
            "<table id=\"checks\"><thead><tr><th>asset</th><th>partition</th><th>check</th><th>outcome</th><th>metric</th>")
        .append("<th>threshold</th><th>message</th><th>run</th></tr></thead><tbody>");
    for (CheckRecord record : records.subList(0, Math.min(LIMIT, records.size()))) {
      body.append("<tr class=\"o-")
          .append(Html.escape(record.outcome()))
          .append("\"><td>")
          .append(Html.escape(record.asset()))
          .append("</td><td><a href=\"/partitions/")
          .append(Html.segment(record.asset()))
          .append('/')
          .append(Html.segment(record.partition()))
          .append("\">")
          .append(Html.escape(record.partition()))
          .append("</a></td><td>")
          .append(Html.escape(record.check()))
          .append("</td><td>")
          .append(PartitionPage.verdictCells(record))
          .append("</td><td>")
          .append(Html.runLink(record.runId()))
          .append("</td></tr>");
    }
    body.append("</tbody></table>");
    return layout.page("Checks", "Checks", body.toString());
  }
}
