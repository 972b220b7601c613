package io.partita.cli;

import io.partita.PartitaException;
import io.partita.json.JsonOutput;
import io.partita.json.VersionJson;
import io.partita.model.PartitionSet;
import io.partita.project.ProjectContext;
import io.partita.publish.CanaryOptions;
import io.partita.publish.Comparison;
import io.partita.publish.VersionManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "Compare a version with the live one on canary partitions, then switch readers to it in one statement.",
      "Example: partita promote features --to v2 --canary-partitions 5 --max-drift 0.1"
    })
final class PromoteCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(paramLabel = "ASSET", description = "The asset whose readers switch version.")
  String asset;

  @Option(
      names = "--to",
      paramLabel = "vN",
      required = true,
      description = "The version to make live.")
  String to;

  @Option(
      names = "--canary-partitions",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Compare the N most recent partitions both versions have (default: ${DEFAULT-VALUE}).")
  int canaryPartitions;

  @Option(
      names = "--canary",
      paramLabel = "A..B",
      description = "Compare these partitions instead.")
  String canary;

  @Option(
      names = "--canary-sql",
      paramLabel = "FILE",
      description =
          "A query returning one boolean that must be true; {{ live }} and {{ candidate }} name the two tables.")
  Path canarySql;

  @Option(
      names = "--max-drift",
      paramLabel = "PSI",
      defaultValue = "0.2",
      description =
          "Refuse when a numeric column's PSI exceeds this on a canary partition (default: ${DEFAULT-VALUE}).")
  double maxDrift;

  @Option(
      names = "--max-row-delta",
      paramLabel = "FRACTION",
      description = "Refuse when a canary's row count changes by more, e.g. 0.1.")
  Double maxRowDelta;

  @Option(
      names = "--allow-incomplete",
      description = "Promote even if the version lacks partitions the live one has.")
  boolean allowIncomplete;

  @Option(
      names = "--require-complete",
      description = "Refuse when partitions are missing (the default; kept for scripts).")
  boolean requireComplete;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, recorded in the audit log and the switch history.")
  String reason;

  @Option(names = "--actor", paramLabel = "NAME", description = "Who (default: the OS user).")
  String actor;

  @Option(names = "--json", description = "Print the comparison and outcome as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (allowIncomplete && requireComplete) {
      throw PartitaException.user("Give either --allow-incomplete or --require-complete, not both");
    }
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace.pipeline().asset(asset); // unknown asset: did-you-mean
      if (!workspace.warehouseExists()) {
        throw PartitaException.user(
            "Asset '%s' has never been published; nothing to compare with", asset);
      }
      Optional<PartitionSet> range =
          Optional.ofNullable(canary)
              .map(spec -> PartitionSet.parse(spec, workspace.pipeline().asset(asset).grain()));
      Optional<String> sql = Optional.empty();
      if (canarySql != null) {
        Path file = project.dir().resolve(canarySql);
        if (!Files.isRegularFile(file)) {
          throw PartitaException.user("--canary-sql %s: no such file", file);
        }
        sql = Optional.of(Files.readString(file));
      }
      CanaryOptions options =
          new CanaryOptions(
              canaryPartitions,
              range,
              sql,
              maxDrift,
              Optional.ofNullable(maxRowDelta),
              allowIncomplete);
      VersionManager versions =
          new VersionManager(
              workspace.pipeline(), workspace.state(), workspace.engine(), Clock.systemUTC());
      VersionManager.Switch result =
          versions.promote(
              asset,
              to,
              options,
              actor != null ? actor : System.getProperty("user.name", "unknown"),
              Optional.ofNullable(reason));
      Comparison comparison = result.comparison().orElseThrow();
      if (json) {
        System.out.println(
            JsonOutput.writeIndented(VersionJson.switched(result, comparison.passed())));
      } else {
        print(comparison);
        if (comparison.passed()) {
          System.out.printf(
              "Promoted %s: %s -> %s (view switched in %.1f ms).%n",
              asset, result.from(), result.to(), result.switchTime().toNanos() / 1e6);
        } else {
          System.out.printf("Refused: %s stays on %s.%n", asset, result.from());
          comparison.problems().forEach(p -> System.out.println("  - " + p));
        }
      }
      return comparison.passed() ? 0 : 1;
    }
  }

  static void print(Comparison comparison) {
    System.out.printf(
        "Canary comparison of %s: %s (live) vs %s%n",
        comparison.asset(), comparison.liveVersion(), comparison.candidateVersion());
    System.out.printf(
        "  %-12s %10s %10s %8s %8s  %s%n",
        "PARTITION", "LIVE ROWS", "NEW ROWS", "DELTA", "KEYS", "PSI per numeric column");
    for (Comparison.PartitionComparison row : comparison.partitions()) {
      StringBuilder drift = new StringBuilder();
      row.drift().forEach(d -> drift.append(String.format("%s=%.4f ", d.column(), d.psi())));
      System.out.printf(
          "  %-12s %10d %10d %+7.1f%% %8s  %s%n",
          row.partition(),
          row.liveRows(),
          row.candidateRows(),
          100 * row.rowDelta(),
          row.keyOverlap().map(o -> String.format("%.1f%%", 100 * o)).orElse("-"),
          drift.toString().strip());
    }
    if (!comparison.missingInCandidate().isEmpty()) {
      System.out.printf(
          "  %s missing in %s%n",
          Words.count(comparison.missingInCandidate().size(), "partition"),
          comparison.candidateVersion());
    }
    comparison
        .canarySqlPassed()
        .ifPresent(ok -> System.out.println("  canary SQL: " + (ok ? "true" : "false")));
    columnChanges(comparison).ifPresent(System.out::println);
  }

  /**
   * " columns: added label VARCHAR; removed ...; retyped ... (compared: the columns both versions
   * have)".
   */
  static Optional<String> columnChanges(Comparison comparison) {
    io.partita.model.ColumnChanges changes = comparison.columns();
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new java.util.ArrayList<>();
    if (!changes.added().isEmpty()) {
      parts.add("added in " + comparison.candidateVersion() + ": " + join(changes.added()));
    }
    if (!changes.removed().isEmpty()) {
      parts.add("removed in " + comparison.candidateVersion() + ": " + join(changes.removed()));
    }
    if (!changes.retyped().isEmpty()) {
      parts.add("retyped: " + join(changes.retyped()));
    }
    return Optional.of(
        "  columns: "
            + String.join("; ", parts)
            + " (the canary compares the columns both versions have)");
  }

  private static String join(List<?> values) {
    return values.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "));
  }
}
