package io.partita.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.config.Durations;
import io.partita.schedule.LateReport;
import io.partita.state.LateArrivalRecord;

/**
 * JSON of a late-arrival report: served by {@code /api/late} and printed by {@code partita
 * late-report --json}.
 */
public final class LateJson {
  private LateJson() {}

  /** The fields of {@code partita late-report --json}. */
  public static ObjectNode report(LateReport.AssetReport report) {
    ObjectNode node = JsonOutput.object();
    node.put("asset", report.asset());
    node.put("rows_total", report.rowsTotal());
    node.put("rows_late", report.rowsLate());
    node.put("late_rate", report.lateRate());
    node.put("lateness_p50_seconds", report.lateness().p50Seconds().orElse(null));
    node.put("lateness_p95_seconds", report.lateness().p95Seconds().orElse(null));
    node.put("lateness_p99_seconds", report.lateness().p99Seconds().orElse(null));
    node.put("lateness_max_seconds", report.lateness().maxSeconds().orElse(null));
    node.put("watermark_delay", Durations.format(report.current().delay()));
    node.put("lookback", report.current().lookback());
    node.put(
        "recommended_watermark_delay",
        report.recommended().delay().map(Durations::format).orElse(null));
    node.put(
        "recommended_watermark_delay_seconds",
        report.recommended().delay().map(d -> d.toSeconds()).orElse(null));
    node.put("recommended_lookback", report.recommended().lookback());
    ArrayNode partitions = node.putArray("partitions");
    for (LateArrivalRecord record : report.partitions()) {
      ObjectNode item = partitions.addObject();
      item.put("partition", record.partition());
      item.put("run_id", record.runId());
      item.put("rows_total", record.rows().total());
      item.put("rows_late", record.rows().late());
      item.put("late_rate", record.lateRate());
      item.put("lateness_p50_seconds", record.lateness().p50Seconds().orElse(null));
      item.put("lateness_p95_seconds", record.lateness().p95Seconds().orElse(null));
      item.put("lateness_p99_seconds", record.lateness().p99Seconds().orElse(null));
      item.put("rows_added", record.rows().added());
      item.put("rows_changed", record.rows().changed());
      item.put("recorded_at", JsonOutput.time(record.recordedAt()));
    }
    return node;
  }
}
