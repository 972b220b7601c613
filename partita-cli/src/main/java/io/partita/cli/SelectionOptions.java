package io.partita.cli;

import io.partita.PartitaException;
import io.partita.exec.BackfillRequest;
import io.partita.exec.PlannedRun;
import io.partita.plan.Order;
import io.partita.plan.Reprocess;
import io.partita.project.ProjectContext;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a backfill selects and how it writes: shared by {@code plan} and {@code backfill} so that a
 * plan always shows exactly what the same flags would run.
 */
final class SelectionOptions {
  @Mixin PartitionOptions partitions;

  @Option(
      names = "--assets",
      paramLabel = "SEL",
      defaultValue = "",
      description =
          "Assets: names, `x+` adds downstream, `+x` upstream (default: all; with --target ASSET_vN: that asset).")
  String assets;

  @Option(
      names = "--max-parallel",
      paramLabel = "N",
      description = "Most tasks at once (default: defaults.concurrency).")
  Integer maxParallel;

  @Option(
      names = "--write-mode",
      paramLabel = "MODE",
      description = "overwrite or merge, for every asset of the run.")
  String writeMode;

  @Option(
      names = "--reprocess",
      paramLabel = "WHICH",
      defaultValue = "all",
      description = "all (default), missing or failed.")
  String reprocess;

  @Option(
      names = "--order",
      paramLabel = "ORDER",
      defaultValue = "asc",
      description = "asc (default, oldest first) or desc.")
  String order;

  @Option(
      names = "--target",
      paramLabel = "ASSET_vN",
      description =
          "Write this version of one asset (e.g. features_v2) beside the live one; readers keep the live version until `promote`. Selects that asset alone unless --assets says more; the upstream partitions it reads must exist.")
  String target;

  @Option(
      names = "--version",
      paramLabel = "vN",
      description = "Write version vN of every asset of the run.")
  String version;

  @Option(
      names = "--stale",
      description =
          "Only partitions written by an older definition of their asset (or its upstream).")
  boolean stale;

  @Option(
      names = "--downstream",
      description =
          "Also rebuild downstream partitions that read a selected partition through their windows.")
  boolean downstream;

  @Option(
      names = "--max-partitions",
      paramLabel = "N",
      description =
          "Refuse a run over more than N partitions (default: defaults.max_partitions_per_run, 100000).")
  Integer maxPartitions;

  /**
   * The request these flags describe; {@code retries}, {@code reason} and so on come from the
   * command.
   */
  BackfillRequest request(
      Optional<Integer> retries, Optional<String> reason, String actor, String publish) {
    return BackfillRequest.newBuilder(stale ? partitions.specOrEmpty() : partitions.spec())
        .assets(assets)
        .maxParallel(Optional.ofNullable(maxParallel))
        .writeMode(Optional.ofNullable(writeMode))
        .retries(retries)
        .reprocess(Reprocess.parse(reprocess))
        .order(Order.parse(order))
        .reason(reason)
        .actor(actor)
        .publish(publish)
        .target(targetSpec(target, version))
        .staleOnly(stale)
        .withDownstream(downstream)
        .maxPartitions(Optional.ofNullable(maxPartitions))
        .build();
  }

  /** Plans over the read view: a refused or empty plan creates no state file. */
  PlannedRun plan(ProjectContext workspace, BackfillRequest request) {
    return workspace.readRuns().plan(request);
  }

  static String targetSpec(String target, String version) {
    if (target != null && version != null) {
      throw PartitaException.user("Give either --target ASSET_vN or --version vN, not both");
    }
    if (version != null && !version.matches("v\\d+")) {
      throw PartitaException.user("Malformed --version '%s': write v2, v3, …", version);
    }
    return target != null ? target : version != null ? version : "";
  }

  /** {@code --partitions} or {@code --from/--to}. */
  static final class PartitionOptions {
    @Option(
        names = "--partitions",
        paramLabel = "A..B|A,B,C",
        description = "Inclusive range A..B or list A,B,C of partition keys.")
    String partitions;

    @Option(names = "--from", paramLabel = "KEY", description = "First partition (with --to).")
    String from;

    @Option(names = "--to", paramLabel = "KEY", description = "Last partition (with --from).")
    String to;

    /** The spec, or "" when none was given (for selections like --stale that need none). */
    String specOrEmpty() {
      return partitions == null && from == null && to == null ? "" : spec();
    }

    String spec() {
      if (partitions != null && (from != null || to != null)) {
        throw PartitaException.user("Give either --partitions or --from/--to, not both");
      }
      if (partitions != null) {
        return partitions;
      }
      if (from == null || to == null) {
        throw PartitaException.user(
            "Which partitions? Give --partitions A..B (or A,B,C), or --from A --to B");
      }
      return from + ".." + to;
    }
  }
}
