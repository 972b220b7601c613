package io.partita.cli;

import io.partita.exec.BackfillRequest;
import io.partita.plan.Order;
import io.partita.plan.Reprocess;
import io.partita.project.ProjectContext;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {"Show what a backfill would run, in start order, without running it.",
      "Example: partita plan --partitions 2024-12-01..2024-12-31 --assets features+"})
final class PlanCommand implements Callable<Integer> {
  @Mixin ProjectOption project;
  @Mixin BackfillCommand.PartitionOptions partitions;

  @Option(names = "--assets", paramLabel = "SEL", defaultValue = "", description = "Assets: names, `x+` adds downstream, `+x` upstream.")
  String assets;

  @Option(names = "--max-parallel", paramLabel = "N", description = "For the estimate (default: defaults.concurrency).")
  Integer maxParallel;

  @Option(names = "--reprocess", paramLabel = "WHICH", defaultValue = "all", description = "all, missing or failed.")
  String reprocess;

  @Option(names = "--order", paramLabel = "ORDER", defaultValue = "asc", description = "asc or desc.")
  String order;

  @Option(names = "--max-partitions", paramLabel = "N",
      description = "Refuse a plan over more than N partitions (default: defaults.max_partitions_per_run, 100000).")
  Integer maxPartitions;

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  @Override
  public Integer call() {
    BackfillRequest request =
        BackfillRequest.newBuilder(partitions.spec())
            .assets(assets)
            .maxParallel(Optional.ofNullable(maxParallel))
            .reprocess(Reprocess.parse(reprocess))
            .order(Order.parse(order))
            .actor("plan")
            .maxPartitions(Optional.ofNullable(maxPartitions))
            .build();
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      PlanPrinter.print(workspace, workspace.readRuns().plan(request), json);
      return 0;
    }
  }
}
