package io.partita.web.page;

import io.partita.config.AssetDefinition;
import io.partita.json.JsonOutput;
import io.partita.model.PartitionKey;
import io.partita.publish.Staleness;
import io.partita.state.CheckRecord;
import io.partita.state.PartitionState;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition: its state, every attempt by recent runs, and check verdicts with their metrics.
 */
final class PartitionPage {
  /** Runs searched for attempts; the state store has no per-partition task index yet. */
  static final int RECENT_RUNS = 300;

  private PartitionPage() {}

  static String render(
      Layout layout,
      StateStore state,
      Staleness staleness,
      AssetDefinition asset,
      PartitionKey key,
      List<String> sections) {
    String name = asset.name();
    String partition = key.key();
    StringBuilder body = new StringBuilder();
    body.append("<h1>")
        .append(Html.escape(name))
        .append(" <span class=\"key\">")
        .append(Html.escape(partition))
        .append("</span></h1><p class=\"muted\">")
        .append(Html.escape(asset.grain().lowerName()))
        .append(" partition, window [")
        .append(Html.escape(key.start().toString()))
        .append(", ")
        .append(Html.escape(key.end().toString()))
        .append(")</p>");
    List<PartitionState> stored = state.partitions().list(name, partition, partition);
    body.append("<section><h2>State</h2>");
    if (stored.isEmpty()) {
      body.append("<p>").append(Html.badge("missing")).append(" never materialized.</p>");
    } else {
      PartitionState current = stored.get(0);
      boolean stale = staleness.isStale(current);
      body.append("<dl class=\"facts\"><dt>status</dt><dd id=\"partition-status\">")
          .append(Html.badge(stale ? "stale" : current.status().lowerName()))
          .append(
              stale
                  ? " <span class=\"muted\">succeeded, but the definition of the asset or of its upstream changed"
                      + " since; <code>partita backfill --stale</code> rebuilds it</span>"
                  : "")
          .append("</dd><dt>rows</dt><dd>")
          .append(current.rows().map(String::valueOf).orElse("–"))
          .append("</dd><dt>last run</dt><dd>")
          .append(Html.runLink(current.runId()))
          .append("</dd><dt>snapshot</dt><dd><code>")
          .append(
              Html.escape(
                  current
                      .snapshotHash()
                      .map(h -> h.substring(0, Math.min(12, h.length())))
                      .orElse("–")))
          .append("</code></dd><dt>updated</dt><dd>")
          .append(Html.escape(JsonOutput.time(current.updatedAt())))
          .append("</dd></dl>");
    }
    body.append("<button type=\"button\" class=\"rerun\" data-partitions=\"")
        .append(Html.escape(partition))
        .append("\" data-assets=\"")
        .append(Html.escape(name))
        .append("\">Re-run this partition</button>")
        .append("<span id=\"rerun-result\" role=\"status\"></span></section>");
    attempts(body, state, name, partition);
    checks(body, state.checks().list(name, partition, partition));
    for (String section : sections) {
      body.append(section);
    }
    // Lineage, audit entries and versions arrive as DashboardExtension.partitionSection(...).
    return layout.page(name + " " + partition, "Partitions", body.toString(), "partition.js");
  }

  private static void attempts(
      StringBuilder body, StateStore state, String asset, String partition) {
    List<TaskRecord> tasks = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    for (RunRecord run : state.runs().list(RECENT_RUNS)) {
      for (TaskRecord task : state.tasks().list(run.id())) {
        if (task.asset().equals(asset) && task.partition().equals(partition)) {
          tasks.add(task);
          runs.add(run);
        }
      }
    }
    body.append("<section><h2>Attempts</h2>");
    if (tasks.isEmpty()) {
      body.append("<p class=\"muted\">No run of the last ")
          .append(RECENT_RUNS)
          .append(" touched this partition.</p></section>");
      return;
    }
    body.append(
            "<table id=\"attempts\"><thead><tr><th>run</th><th>kind</th><th>status</th><th>attempts</th><th>started</th>")
        .append("<th>duration</th><th>rows</th><th>error</th></tr></thead><tbody>");
    for (int i = 0; i < tasks.size(); i++) {
      TaskRecord task = tasks.get(i);
      String duration =
          task.startedAt().isPresent() && task.finishedAt().isPresent()
              ? formatDuration(Duration.between(task.startedAt().get(), task.finishedAt().get()))
              : "–";
      body.append("<tr><td>")
          .append(Html.runLink(task.runId()))
          .append("</td><td>")
          .append(Html.escape(runs.get(i).kind().lowerName()))
          .append("</td><td>")
          .append(Html.badge(task.status().lowerName()))
          .append("</td><td>")
          .append(task.attempts())
          .append("</td><td>")
          .append(Html.time(task.startedAt()))
          .append("</td><td>")
          .append(duration)
          .append("</td><td>")
          .append(task.rowsWritten().map(String::valueOf).orElse("–"))
          .append("</td><td class=\"error-message\">")
          .append(Html.escape(task.error().orElse("")))
          .append("</td></tr>");
    }
    body.append("</tbody></table></section>");
  }

  private static void checks(StringBuilder body, List<CheckRecord> records) {
    body.append("<section><h2>Checks</h2>");
    if (records.isEmpty()) {
      body.append(
          "<p class=\"muted\">No check verdicts: the asset has no checks, or the partition was never staged.</p></section>");
      return;
    }
    body.append(
            "<table id=\"checks\"><thead><tr><th>run</th><th>attempt</th><th>check</th><th>severity</th><th>outcome</th>")
        .append("<th>metric</th><th>threshold</th><th>message</th></tr></thead><tbody>");
    for (int i = records.size() - 1; i >= 0; i--) {
      CheckRecord record = records.get(i);
      body.append("<tr class=\"o-")
          .append(Html.escape(record.outcome()))
          .append("\"><td>")
          .append(Html.runLink(record.runId()))
          .append("</td><td>")
          .append(record.attempt())
          .append("</td><td>")
          .append(Html.escape(record.check()))
          .append("</td><td>")
          .append(Html.escape(record.severity()))
          .append("</td><td>")
          .append(verdictCells(record));
      record
          .quarantine()
          .ifPresent(
              q ->
                  body.append("<br>quarantined rows: <code>")
                      .append(Html.escape(q))
                      .append("</code>"));
      record.sample().ifPresent(s -> body.append("<pre>").append(Html.escape(s)).append("</pre>"));
      body.append("</td></tr>");
    }
    body.append("</tbody></table></section>");
  }

  /** A verdict's outcome badge, metric, threshold and message cells (without the outer tags). */
  static String verdictCells(CheckRecord record) {
    return Html.badge(record.outcome())
        + "</td><td class=\"metric\">"
        + record.metric().map(PartitionPage::formatMetric).orElse("–")
        + "</td><td>"
        + Html.escape(record.threshold())
        + "</td><td>"
        + Html.escape(record.message());
  }

  static String formatMetric(double value) {
    return Html.escape(String.format(java.util.Locale.ROOT, "%.6g", value));
  }

  static String formatDuration(Duration duration) {
    long millis = duration.toMillis();
    return millis < 1000
        ? millis + " ms"
        : millis < 120_000
            ? String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0)
            : duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
  }
}
