package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.config.Durations;
import io.partita.json.JsonOutput;
import io.partita.json.LateJson;
import io.partita.plan.AssetSelection;
import io.partita.project.ProjectContext;
import io.partita.schedule.LateReport;
import io.partita.state.LateArrivalRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "late-report",
    mixinStandardHelpOptions = true,
    description = {
      "How late data arrives (assets with arrival_column) and which watermark_delay and lookback to choose.",
      "Example: partita late-report --last 30 --target 0.99"
    })
final class LateReportCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(
      names = "--assets",
      paramLabel = "SEL",
      defaultValue = "",
      description = "Assets (default: all with arrival_column).")
  String assets;

  @Option(
      names = "--last",
      paramLabel = "N",
      defaultValue = "30",
      description = "Newest N partitions per asset (default: ${DEFAULT-VALUE}).")
  int last;

  @Option(
      names = "--target",
      paramLabel = "SHARE",
      defaultValue = "0.99",
      description = "Share of rows the recommended delay captures (default: ${DEFAULT-VALUE}).")
  double target;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    if (last < 1) {
      throw io.partita.PartitaException.user("--last must be at least 1, got %d", last);
    }
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      List<String> selected = AssetSelection.resolve(assets, workspace.pipeline());
      List<LateReport.AssetReport> reports =
          LateReport.build(
              workspace.pipeline(), workspace.readState().lateArrivals(), selected, last, target);
      if (json) {
        ObjectNode root = JsonOutput.object();
        root.put("target", target);
        ArrayNode array = root.putArray("assets");
        reports.forEach(report -> array.add(LateJson.report(report)));
        System.out.println(JsonOutput.writeIndented(root));
      } else {
        print(reports);
      }
      return 0;
    }
  }

  private void print(List<LateReport.AssetReport> reports) {
    if (reports.isEmpty()) {
      System.out.println(
          "No late-arrival metrics: add arrival_column to an asset and materialize it.");
    }
    for (LateReport.AssetReport report : reports) {
      System.out.printf(
          "%s: %d partitions, %d rows, %.2f%% after the watermark (delay %s, lookback %d)%n",
          report.asset(),
          report.partitions().size(),
          report.rowsTotal(),
          100 * report.lateRate(),
          Durations.format(report.current().delay()),
          report.current().lookback());
      System.out.printf(
          "  lateness after partition end: p50 %s  p95 %s  p99 %s  max %s%n",
          seconds(report.lateness().p50Seconds()),
          seconds(report.lateness().p95Seconds()),
          seconds(report.lateness().p99Seconds()),
          seconds(report.lateness().maxSeconds()));
      System.out.printf(
          "  recommended: watermark_delay %s (captures >= %.0f%% of rows), lookback %d for the rest%n",
          report.recommended().delay().map(Durations::format).orElse("-"),
          100 * target,
          report.recommended().lookback());
      for (LateArrivalRecord partition : report.partitions()) {
        System.out.printf(
            "    %-14s %8d rows  %6.2f%% late  p99 %-8s  +%d ~%d%n",
            partition.partition(),
            partition.rows().total(),
            100 * partition.lateRate(),
            seconds(partition.lateness().p99Seconds()),
            partition.rows().added(),
            partition.rows().changed());
      }
    }
  }

  private static String seconds(Optional<Double> value) {
    return value
        .map(v -> Durations.format(java.time.Duration.ofSeconds(Math.round(v))))
        .orElse("-");
  }
}
