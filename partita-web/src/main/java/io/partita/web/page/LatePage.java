package io.partita.web.page;

import io.partita.config.Durations;
import io.partita.schedule.LateReport;
import io.partita.state.LateArrivalRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The late data page: per asset, late rate per partition and lateness percentiles as SVG, and the
 * advice.
 */
final class LatePage {
  private LatePage() {}

  static String body(List<LateReport.AssetReport> reports, int last) {
    StringBuilder body =
        new StringBuilder("<h1>Late data</h1><p class=\"muted\">Newest ")
            .append(last)
            .append(
                " partitions of each asset with an <code>arrival_column</code>; the same numbers as <code>partita late-report</code>.</p>");
    if (reports.isEmpty()) {
      return body.append(
              "<p class=\"muted\">No late-arrival metrics: add arrival_column to an asset and materialize it.</p>")
          .toString();
    }
    int index = 0;
    for (LateReport.AssetReport report : reports) {
      asset(body, report, index++);
    }
    return body.toString();
  }

  private static void asset(StringBuilder body, LateReport.AssetReport report, int index) {
    List<LateArrivalRecord> records = report.partitions();
    List<String> labels = records.stream().map(LateArrivalRecord::partition).toList();
    body.append("<section class=\"late-asset\" data-asset=\"")
        .append(Html.escape(report.asset()))
        .append("\"><h2>")
        .append(Html.escape(report.asset()))
        .append("</h2><p>")
        .append(records.size())
        .append(" partitions, ")
        .append(report.rowsTotal())
        .append(" rows, ")
        .append(percent(report.lateRate()))
        .append(" after the watermark (delay ")
        .append(Html.escape(Durations.format(report.current().delay())))
        .append(", lookback ")
        .append(report.current().lookback())
        .append("). Lateness after the partition end: p50 ")
        .append(seconds(report.lateness().p50Seconds()))
        .append(", p95 ")
        .append(seconds(report.lateness().p95Seconds()))
        .append(", p99 ")
        .append(seconds(report.lateness().p99Seconds()))
        .append(".</p>")
        .append(
            "<p class=\"recommend\">Recommended: watermark_delay <span class=\"recommended-delay\">")
        .append(Html.escape(report.recommended().delay().map(Durations::format).orElse("–")))
        .append("</span>, lookback ")
        .append(report.recommended().lookback())
        .append("</p>");
    if (records.isEmpty()) {
      body.append("<p class=\"muted\">No partition materialized yet.</p></section>");
      return;
    }
    body.append("<h3>Late-arrival rate per partition</h3>")
        .append(
            SvgCharts.bars(
                "late-rate-" + index,
                labels,
                records.stream().map(LateArrivalRecord::lateRate).toList(),
                LatePage::percent));
    Map<String, List<Optional<Double>>> series = new LinkedHashMap<>();
    series.put("p50", records.stream().map(r -> r.lateness().p50Seconds()).toList());
    series.put("p95", records.stream().map(r -> r.lateness().p95Seconds()).toList());
    series.put("p99", records.stream().map(r -> r.lateness().p99Seconds()).toList());
    Optional<Double> marker = report.recommended().delay().map(d -> (double) d.toSeconds());
    body.append("<h3>Lateness after the partition end</h3>")
        .append(
            SvgCharts.lines(
                "lateness-" + index,
                labels,
                series,
                marker,
                "recommended delay "
                    + report.recommended().delay().map(Durations::format).orElse(""),
                LatePage::hours))
        .append("</section>");
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * share);
  }

  private static String hours(double seconds) {
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
  }

  private static String seconds(Optional<Double> value) {
    return Html.escape(
        value.map(v -> Durations.format(Duration.ofSeconds(Math.round(v)))).orElse("–"));
  }
}
