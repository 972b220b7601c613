package io.partita.web.page;

import io.partita.json.JsonOutput;
import io.partita.lineage.PartitionLineage;
import io.partita.state.AuditInput;
import io.partita.state.AuditQuery;
import io.partita.state.AuditRecord;
import io.partita.state.StateStore;
import io.partita.web.extension.DashboardContext;
import io.partita.web.extension.DashboardExtension;
import java.util.List;
import java.util.Optional;

/**
 * Lineage and audit on the partition page, from the audit log ({@link PartitionLineage}, as {@code
 * partita lineage} and {@code partita audit} show them): the inputs the last write read with the
 * run that had written each, the partitions that read it, and the audit rows.
 */
public final class LineageExtension implements DashboardExtension {
  /** Newest audit rows shown on a partition page. */
  static final int AUDIT_ROWS = 50;

  @Override
  public Optional<String> partitionSection(
      DashboardContext context, String asset, String partition) {
    StateStore state = context.state();
    StringBuilder html = new StringBuilder("<section id=\"lineage\"><h2>Lineage</h2>");
    Optional<AuditRecord> write = PartitionLineage.lastWrite(state, asset, partition);
    if (write.isEmpty()) {
      html.append("<p class=\"muted\">No recorded successful write of this partition.</p>");
    } else {
      AuditRecord last = write.get();
      html.append("<p>Written by run ")
          .append(Html.runLink(last.runId()))
          .append(" (attempt ")
          .append(last.attempt())
          .append(", by ")
          .append(Html.escape(last.actor()))
          .append(", ")
          .append(Html.time(last.finishedAt()))
          .append(")</p>");
      inputs(html, state, last.inputs());
    }
    readers(html, PartitionLineage.readers(state, asset, partition));
    html.append("</section>");
    audit(html, state, asset, partition);
    return Optional.of(html.toString());
  }

  private static void inputs(StringBuilder html, StateStore state, List<AuditInput> inputs) {
    if (inputs.isEmpty()) {
      html.append("<p class=\"muted\">It read no partition of another asset.</p>");
      return;
    }
    html.append(
            "<h3>Inputs</h3><table id=\"lineage-inputs\"><thead><tr><th>asset</th><th>partition</th><th>version</th>")
        .append(
            "<th>written by run (when read)</th><th>rows</th><th>last written by run</th></tr></thead><tbody>");
    for (AuditInput input : inputs) {
      Optional<AuditRecord> latest =
          PartitionLineage.lastWrite(state, input.asset(), input.partition());
      html.append("<tr><td>")
          .append(Html.escape(input.asset()))
          .append("</td><td><a href=\"/partitions/")
          .append(Html.segment(input.asset()))
          .append('/')
          .append(Html.segment(input.partition()))
          .append("\">")
          .append(Html.escape(input.partition()))
          .append("</a></td><td>")
          .append(Html.escape(input.version().isEmpty() ? "live" : input.version()))
          .append("</td><td>")
          .append(input.runId().map(Html::runLink).orElse("–"))
          .append("</td><td>")
          .append(input.rows().map(String::valueOf).orElse("–"))
          .append("</td><td>")
          .append(latest.map(r -> Html.runLink(r.runId())).orElse("–"))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private static void readers(StringBuilder html, List<AuditRecord> readers) {
    if (readers.isEmpty()) {
      return;
    }
    html.append("<h3>Read by</h3><ul id=\"lineage-readers\">");
    for (AuditRecord reader : readers) {
      html.append("<li><a href=\"/partitions/")
          .append(Html.segment(reader.asset()))
          .append('/')
          .append(Html.segment(reader.partition()))
          .append("\">")
          .append(Html.escape(reader.asset()))
          .append(' ')
          .append(Html.escape(reader.partition()))
          .append("</a> in run ")
          .append(Html.runLink(reader.runId()))
          .append("</li>");
    }
    html.append("</ul>");
  }

  private static void audit(StringBuilder html, StateStore state, String asset, String partition) {
    List<AuditRecord> rows = state.audit().list(AuditQuery.ofPartition(asset, partition));
    html.append("<section id=\"audit\"><h2>Audit</h2>");
    if (rows.isEmpty()) {
      html.append("<p class=\"muted\">No audit rows for this partition.</p></section>");
      return;
    }
    html.append(
            "<table id=\"audit-rows\"><thead><tr><th>recorded</th><th>event</th><th>run</th><th>kind</th><th>attempt</th>")
        .append(
            "<th>version</th><th>status</th><th>rows read</th><th>rows written</th><th>actor</th><th>reason</th><th>error</th>")
        .append("</tr></thead><tbody>");
    for (int i = rows.size() - 1; i >= Math.max(0, rows.size() - AUDIT_ROWS); i--) {
      AuditRecord row = rows.get(i);
      html.append("<tr><td>")
          .append(Html.escape(JsonOutput.time(row.recordedAt())))
          .append("</td><td>")
          .append(Html.escape(row.event().lowerName()))
          .append("</td><td>")
          .append(Html.runLink(row.runId()))
          .append("</td><td>")
          .append(Html.escape(row.runKind().lowerName()))
          .append("</td><td>")
          .append(row.attempt())
          .append("</td><td>")
          .append(Html.escape(row.version().isEmpty() ? "live" : row.version()))
          .append("</td><td>")
          .append(Html.badge(row.status()))
          .append("</td><td>")
          .append(row.rowsRead().map(String::valueOf).orElse("–"))
          .append("</td><td>")
          .append(row.rowsWritten().map(String::valueOf).orElse("–"))
          .append("</td><td>")
          .append(Html.escape(row.actor()))
          .append("</td><td>")
          .append(Html.escape(row.reason().orElse("")))
          .append("</td><td class=\"error-message\">")
          .append(Html.escape(row.error().orElse("")))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
    if (rows.size() > AUDIT_ROWS) {
      html.append("<p class=\"muted\">")
          .append(rows.size() - AUDIT_ROWS)
          .append(" older rows: <code>partita audit</code>.</p>");
    }
    html.append("</section>");
  }
}
