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
    node.put("lateness_p50_seconds", report.p50Seconds().orElse(null));
    node.put("lateness_p95_seconds", report.p95Seconds().orElse(null));
    node.put("lateness_p99_seconds", report.p99Seconds().orElse(null));
    node.put("lateness_max_seconds", report.maxSeconds().orElse(null));
    node.put("watermark_delay", Durations.format(report.currentDelay()));
    node.put("lookback", report.currentLookback());
    node.put(
        "recommended_watermark_delay",
        report.recommendedDelay().map(Durations::format).orElse(null));
    node.put(
        "recommended_watermark_delay_seconds",
        report.recommendedDelay().map(d -> d.toSeconds()).orElse(null));
    node.put("recommended_lookback", report.recommendedLookback());
    ArrayNode partitions = node.putArray("partitions");
    for (LateArrivalRecord record : report.partitions()) {
      ObjectNode item = partitions.addObject();
      item.put("partition", record.partition());
      item.put("run_id", record.runId());
      item.put("rows_total", record.rowsTotal());
      item.put("rows_late", record.rowsLate());
      item.put("late_rate", record.lateRate());
      item.put("lateness_p50_seconds", record.latenessP50Seconds().orElse(null));
      item.put("lateness_p95_seconds", record.latenessP95Seconds().orElse(null));
      item.put("lateness_p99_seconds", record.latenessP99Seconds().orElse(null));
      item.put("rows_added", record.rowsAdded());
      item.put("rows_changed", record.rowsChanged());
      item.put("recorded_at", JsonOutput.time(record.recordedAt()));
    }
    return node;
  }
}
