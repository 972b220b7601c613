package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.model.PartitionSet;
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

@Command(name = "promote", mixinStandardHelpOptions = true,
    description = {"Compare a version with the live one on canary partitions, then switch readers to it in one statement.",
      "Example: partita promote features --to v2 --canary-partitions 5 --max-drift 0.1"})
final class PromoteCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(paramLabel = "ASSET") String asset;

  @Option(names = "--to", paramLabel = "vN", required = true, description = "The version to make live.") String to;

  @Option(names = "--canary-partitions", paramLabel = "N", defaultValue = "3",
      description = "Compare the N most recent partitions both versions have (default: ${DEFAULT-VALUE}).")
  int canaryPartitions;

  @Option(names = "--canary", paramLabel = "A..B", description = "Compare these partitions instead.") String canary;

  @Option(names = "--canary-sql", paramLabel = "FILE",
      description = "A query returning one boolean that must be true; {{ live }} and {{ candidate }} name the two tables.")
  Path canarySql;

  @Option(names = "--max-drift", paramLabel = "PSI", defaultValue = "0.2",
      description = "Refuse when a numeric column's PSI exceeds this on a canary partition (default: ${DEFAULT-VALUE}).")
  double maxDrift;

  @Option(names = "--max-row-delta", paramLabel = "FRACTION", description = "Refuse when a canary's row count changes by more, e.g. 0.1.")
  Double maxRowDelta;

  @Option(names = "--allow-incomplete", description = "Promote even if the version lacks partitions the live one has.")
  boolean allowIncomplete;

  @Option(names = "--require-complete", description = "Refuse when partitions are missing (the default; kept for scripts).")
  boolean requireComplete;

  @Option(names = "--reason", paramLabel = "TEXT") String reason;

  @Option(names = "--actor", paramLabel = "NAME") String actor;

  @Option(names = "--json", description = "Print the comparison and outcome as JSON.") boolean json;

  @Override
  public Integer call() throws IOException {
    if (allowIncomplete && requireComplete) {
      throw PartitaException.user("Give either --allow-incomplete or --require-complete, not both");
    }
    try (Workspace workspace = Workspace.open(project.dir())) {
      workspace.pipeline().asset(asset); // unknown asset: did-you-mean
      if (!workspace.warehouseExists()) {
        throw PartitaException.user("Asset '%s' has never been published; nothing to compare with", asset);
      }
      Optional<PartitionSet> range = Optional.ofNullable(canary)
          .map(spec -> PartitionSet.parse(spec, workspace.pipeline().asset(asset).grain()));
      Optional<String> sql = Optional.empty();
      if (canarySql != null) {
        Path file = project.dir().resolve(canarySql);
        if (!Files.isRegularFile(file)) {
          throw PartitaException.user("--canary-sql %s: no such file", file);
        }
        sql = Optional.of(Files.readString(file));
      }
      CanaryOptions options = new CanaryOptions(canaryPartitions, range, sql, maxDrift, Optional.ofNullable(maxRowDelta), allowIncomplete);
      VersionManager versions = new VersionManager(workspace.pipeline(), workspace.state(), workspace.engine(), Clock.systemUTC());
      VersionManager.Switch result = versions.promote(asset, to,
          options, actor != null ? actor : System.getProperty("user.name", "unknown"), Optional.ofNullable(reason));
      Comparison comparison = result.comparison().orElseThrow();
      if (json) {
        System.out.println(Json.write(toJson(result, comparison)));
      } else {
        print(comparison);
        if (comparison.passed()) {
          System.out.printf("Promoted %s: %s -> %s (view switched in %.1f ms).%n", asset, result.from(), result.to(),
              result.switchTime().toNanos() / 1e6);
        } else {
          System.out.printf("Refused: %s stays on %s.%n", asset, result.from());
          comparison.problems().forEach(p -> System.out.println("  - " + p));
        }
      }
      return comparison.passed() ? 0 : 1;
    }
  }

  static void print(Comparison comparison) {
    System.out.printf("Canary comparison of %s: %s (live) vs %s%n", comparison.asset(), comparison.liveVersion(),
        comparison.candidateVersion());
    System.out.printf("  %-12s %10s %10s %8s %8s  %s%n", "PARTITION", "LIVE ROWS", "NEW ROWS", "DELTA", "KEYS", "PSI per numeric column");
    for (Comparison.PartitionComparison row : comparison.partitions()) {
      StringBuilder drift = new StringBuilder();
      row.drift().forEach(d -> drift.append(String.format("%s=%.4f ", d.column(), d.psi())));
      System.out.printf("  %-12s %10d %10d %+7.1f%% %8s  %s%n", row.partition(), row.liveRows(), row.candidateRows(),
          100 * row.rowDelta(), row.keyOverlap().map(o -> String.format("%.1f%%", 100 * o)).orElse("-"), drift.toString().strip());
    }
    if (!comparison.missingInCandidate().isEmpty()) {
      System.out.printf("  %d partition(s) missing in %s%n", comparison.missingInCandidate().size(), comparison.candidateVersion());
    }
    comparison.canarySqlPassed().ifPresent(ok -> System.out.println("  canary SQL: " + (ok ? "true" : "false")));
    columnChanges(comparison).ifPresent(System.out::println);
  }

  /** "  columns: added label VARCHAR; removed ...; retyped ... (compared: the columns both versions have)". */
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
    return Optional.of("  columns: " + String.join("; ", parts) + " (the canary compares the columns both versions have)");
  }

  private static String join(List<?> values) {
    return values.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "));
  }

  private static ObjectNode toJson(VersionManager.Switch result, Comparison comparison) {
    ObjectNode root = Json.object();
    root.put("asset", comparison.asset());
    root.put("from", comparison.liveVersion());
    root.put("to", comparison.candidateVersion());
    root.put("promoted", comparison.passed());
    root.put("switch_ms", result.switchTime().toNanos() / 1e6);
    ArrayNode partitions = root.putArray("canaries");
    for (Comparison.PartitionComparison row : comparison.partitions()) {
      ObjectNode item = partitions.addObject();
      item.put("partition", row.partition());
      item.put("live_rows", row.liveRows());
      item.put("candidate_rows", row.candidateRows());
      item.put("row_delta", row.rowDelta());
      if (row.keyOverlap().isPresent()) {
        item.put("key_overlap", row.keyOverlap().get());
      } else {
        item.putNull("key_overlap");
      }
      ObjectNode drift = item.putObject("psi");
      row.drift().forEach(d -> drift.put(d.column(), d.psi()));
    }
    ArrayNode missing = root.putArray("missing_in_candidate");
    comparison.missingInCandidate().forEach(missing::add);
    ArrayNode problems = root.putArray("problems");
    comparison.problems().forEach(problems::add);
    ObjectNode columns = root.putObject("columns");
    ArrayNode added = columns.putArray("added");
    comparison.columns().added().forEach(c -> added.addObject().put("name", c.name()).put("type", c.type()));
    ArrayNode removed = columns.putArray("removed");
    comparison.columns().removed().forEach(c -> removed.addObject().put("name", c.name()).put("type", c.type()));
    ArrayNode retyped = columns.putArray("retyped");
    comparison.columns().retyped().forEach(c -> retyped.addObject().put("name", c.name())
        .put("live_type", c.before()).put("candidate_type", c.after()));
    return root;
  }
}
