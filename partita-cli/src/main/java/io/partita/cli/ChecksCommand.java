package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.config.AssetDefinition;
import io.partita.json.CheckJson;
import io.partita.json.JsonOutput;
import io.partita.model.PartitionKey;
import io.partita.model.PartitionSet;
import io.partita.plan.AssetSelection;
import io.partita.project.ProjectContext;
import io.partita.publish.Rechecks;
import io.partita.state.CheckRecord;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "checks",
    mixinStandardHelpOptions = true,
    description = "Check verdicts per partition: metric, threshold, outcome (latest attempt).",
    subcommands = {ChecksCommand.Show.class, ChecksCommand.Run.class})
final class ChecksCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(
      names = "--assets",
      paramLabel = "SEL",
      defaultValue = "",
      description =
          "Assets (default: all), each at its live version; ASSET_vN (e.g. features_v2) selects that version.")
  String assets;

  @Option(
      names = "--partitions",
      paramLabel = "A..B|A,B,C",
      description = "Partitions (default: all).")
  String partitions;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      List<CheckRecord> latest = new ArrayList<>();
      StateStore state = workspace.readState();
      for (Map.Entry<String, String> selected :
          CheckVersions.select(assets, workspace.pipeline(), state).entrySet()) {
        String name = selected.getKey();
        AssetDefinition asset = workspace.pipeline().asset(name);
        String first = "";
        String last = "\uffff";
        if (partitions != null) {
          List<PartitionKey> keys = PartitionSet.parse(partitions, asset.grain()).keys();
          first = keys.get(0).key();
          last = keys.get(keys.size() - 1).key();
        }
        latest.addAll(
            latestAttempts(
                state.checks().list(name, first, last).stream()
                    .filter(record -> record.version().equals(selected.getValue()))
                    .toList()));
      }
      print(latest, json);
      return 0;
    }
  }

  /** Keeps, per (asset, partition, check), the newest verdict. */
  static List<CheckRecord> latestAttempts(List<CheckRecord> records) {
    Map<String, CheckRecord> byKey = new LinkedHashMap<>();
    for (CheckRecord record : records) {
      byKey.put(record.asset() + " " + record.partition() + " " + record.check(), record);
    }
    return new ArrayList<>(byKey.values());
  }

  static void print(List<CheckRecord> records, boolean json) {
    if (json) {
      ObjectNode root = JsonOutput.object();
      ArrayNode array = root.putArray("checks");
      for (CheckRecord record : records) {
        array.add(CheckJson.verdict(record));
      }
      System.out.println(JsonOutput.writeIndented(root));
      return;
    }
    if (records.isEmpty()) {
      System.out.println(
          "No check results yet: add `checks:` to an asset in partita.yaml and run a backfill.");
      return;
    }
    System.out.printf(
        "%-18s %-7s %-12s %-34s %-8s %12s  %s%n",
        "ASSET", "VERSION", "PARTITION", "CHECK", "OUTCOME", "METRIC", "THRESHOLD");
    for (CheckRecord record : records) {
      System.out.printf(
          "%-18s %-7s %-12s %-34s %-8s %12s  %s%n",
          record.asset(),
          record.version(),
          record.partition(),
          record.check(),
          record.outcome(),
          record.metric().map(m -> String.format("%.6g", m)).orElse("-"),
          record.threshold());
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "One partition's checks: metrics, messages, quarantine table and a sample of failing rows.")
  static final class Show implements Callable<Integer> {
    @Mixin ProjectOption project;

    @Parameters(
        index = "0",
        paramLabel = "ASSET",
        description =
            "The asset, at its live version; ASSET_vN (e.g. features_v2) for another version.")
    String asset;

    @Parameters(
        index = "1",
        paramLabel = "PARTITION",
        description = "The partition key, e.g. 2024-12-03.")
    String partition;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      try (ProjectContext workspace = ProjectContext.open(project.dir())) {
        StateStore state = workspace.readState();
        Map.Entry<String, String> selected =
            CheckVersions.select(asset, workspace.pipeline(), state).entrySet().iterator().next();
        String name = selected.getKey();
        String key = workspace.pipeline().asset(name).grain().parseKey(partition).key();
        List<CheckRecord> all =
            state.checks().list(name, key, key).stream()
                .filter(record -> record.version().equals(selected.getValue()))
                .toList();
        if (all.isEmpty()) {
          throw PartitaException.user(
              "No check results for %s %s (version %s): it has no checks or was never built",
              name, key, selected.getValue());
        }
        CheckRecord newest = all.get(all.size() - 1);
        List<CheckRecord> attempt =
            all.stream()
                .filter(r -> r.runId().equals(newest.runId()) && r.attempt() == newest.attempt())
                .toList();
        if (json) {
          print(attempt, true);
          return 0;
        }
        System.out.printf(
            "%s %s — run %s attempt %d (version %s)%n",
            name, key, newest.runId(), newest.attempt(), newest.version());
        for (CheckRecord record : attempt) {
          System.out.printf(
              "  [%s] %s (%s)%n      %s%n",
              record.outcome(), record.check(), record.severity(), Terminal.safe(record.message()));
          record
              .quarantine()
              .ifPresent(
                  q ->
                      System.out.printf(
                          "      quarantined rows: %s%n      look: partita query 'select * from %s'%n",
                          q, q));
          record
              .sample()
              .ifPresent(
                  s ->
                      System.out.printf(
                          "      sample:%n        %s%n", s.replace("\n", "\n        ")));
        }
        return 0;
      }
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Re-run the checks of published partitions without rewriting them.")
  static final class Run implements Callable<Integer> {
    @Mixin ProjectOption project;

    @Option(
        names = "--assets",
        paramLabel = "SEL",
        defaultValue = "",
        description = "Assets (default: all with checks).")
    String assets;

    @Option(
        names = "--partitions",
        paramLabel = "A..B|A,B,C",
        required = true,
        description = "Partitions to check.")
    String partitions;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      try (ProjectContext workspace = ProjectContext.open(project.dir())) {
        Rechecks rechecks =
            new Rechecks(
                workspace.pipeline(), workspace.engine(), workspace.state(), Clock.systemUTC());
        List<CheckRecord> records = new ArrayList<>();
        for (String name : AssetSelection.resolve(assets, workspace.pipeline())) {
          AssetDefinition asset = workspace.pipeline().asset(name);
          if (asset.checks().isEmpty()) {
            continue;
          }
          List<PartitionKey> published = new ArrayList<>();
          for (PartitionKey key : PartitionSet.parse(partitions, asset.grain()).keys()) {
            List<PartitionState> states =
                workspace.state().partitions().list(name, key.key(), key.key());
            if (!states.isEmpty() && states.get(0).status() == PartitionStatus.SUCCEEDED) {
              published.add(key);
            }
          }
          records.addAll(rechecks.run(name, published));
        }
        print(records, json);
        return records.stream().anyMatch(r -> r.outcome().equals("failed")) ? 1 : 0;
      }
    }
  }
}
