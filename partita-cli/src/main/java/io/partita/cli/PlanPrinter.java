package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.config.AssetDefinition;
import io.partita.config.Dependency;
import io.partita.exec.BatchPreview;
import io.partita.exec.PlanExtent;
import io.partita.exec.PlannedRun;
import io.partita.exec.RunTimeEstimate;
import io.partita.json.JsonOutput;
import io.partita.model.PartitionKey;
import io.partita.plan.Plan;
import io.partita.plan.Planner;
import io.partita.plan.TaskNode;
import io.partita.project.ProjectContext;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prints a plan: tasks in start order grouped by partition, each edge with its reason, and an
 * estimate.
 */
final class PlanPrinter {
  private PlanPrinter() {}

  /**
   * The partitions outside the requested ones that the run also builds, per asset and why; nothing
   * when the plan stays inside them.
   */
  static void printExtras(PrintStream out, PlanExtent extent) {
    if (extent.extras().isEmpty()) {
      return;
    }
    out.println("Also builds these missing upstream partitions outside the requested ones:");
    for (PlanExtent.Extra extra : extent.extras()) {
      out.printf("  + %s %s: %s%n", extra.asset(), extra.partitions(), extra.why());
    }
  }

  static void print(ProjectContext workspace, PlannedRun planned, boolean json) {
    Plan plan = planned.plan();
    Planner planner = new Planner(planned.pipeline());
    Set<String> inRun = new HashSet<>();
    for (TaskNode task : plan.tasks()) {
      inRun.add(task.asset() + " " + task.partition().key());
    }
    int maxParallel = planned.options().maxParallel();
    Optional<RunTimeEstimate.Estimate> estimate =
        RunTimeEstimate.estimate(workspace.readState(), plan, maxParallel);
    List<BatchPreview> batches =
        BatchPreview.of(plan, planned.pipeline(), workspace.readState(), maxParallel);
    PrintStream out = System.out;
    if (json) {
      ObjectNode root = JsonOutput.object();
      ArrayNode tasks = root.putArray("tasks");
      for (TaskNode task : plan.tasks()) {
        ObjectNode item = tasks.addObject();
        item.put("asset", task.asset());
        item.put("partition", task.partition().key());
        ArrayNode dependsOn = item.putArray("depends_on");
        for (Dependency dependency : planned.pipeline().asset(task.asset()).dependencies()) {
          for (PartitionKey key : planner.upstreamKeys(dependency, task.partition())) {
            ObjectNode edge = dependsOn.addObject();
            edge.put("asset", dependency.asset());
            edge.put("partition", key.key());
            edge.put("in_run", inRun.contains(dependency.asset() + " " + key.key()));
            edge.put("reason", dependency.mapping().describe() + "; " + dependency.reason());
          }
        }
      }
      PlanExtent extent = PlanExtent.of(planned);
      io.partita.json.RunJson.putRanges(root, extent.ranges());
      ArrayNode extras = root.putArray("extra");
      for (PlanExtent.Extra extra : extent.extras()) {
        ObjectNode item = extras.addObject();
        item.put("asset", extra.asset());
        item.put("partitions", extra.partitions());
        item.put("tasks", extra.tasks());
        item.put("why", extra.why());
      }
      ArrayNode batchesJson = root.putArray("batches");
      for (BatchPreview preview : batches) {
        ObjectNode item = batchesJson.addObject();
        item.put("asset", preview.asset());
        item.put("batch_size", preview.batchSize());
        item.put("size", preview.size());
        ArrayNode list = item.putArray("batches");
        for (BatchPreview.Batch batch : preview.batches()) {
          ObjectNode entry = list.addObject();
          entry.put("first", batch.first());
          entry.put("last", batch.last());
          entry.put("partitions", batch.partitions());
        }
      }
      root.put("skipped", plan.skipped());
      root.put("max_parallel", maxParallel);
      if (estimate.isPresent()) {
        root.put("estimated_seconds", estimate.get().duration().toMillis() / 1000.0);
      } else {
        root.putNull("estimated_seconds");
      }
      out.println(JsonOutput.writeIndented(root));
      return;
    }
    out.printf(
        "Plan: %s over %s, max parallel %d, snapshot %s%s%n",
        Words.count(plan.size(), "task"),
        Words.count(plan.partitionKeys().size(), "partition"),
        maxParallel,
        planned.pipeline().files().shortHash(),
        plan.skipped() > 0
            ? " ("
                + plan.skipped()
                + " cells of the range left out by the selection or --reprocess "
                + planned.options().reprocess()
                + ")"
            : "");
    printExtras(out, PlanExtent.of(planned));
    String lastPartition = null;
    for (TaskNode task : plan.tasks()) {
      if (!task.partition().key().equals(lastPartition)) {
        lastPartition = task.partition().key();
        out.println(lastPartition);
      }
      AssetDefinition asset = planned.pipeline().asset(task.asset());
      List<String> edges = new ArrayList<>();
      for (Dependency dependency : asset.dependencies()) {
        List<PartitionKey> keys = planner.upstreamKeys(dependency, task.partition());
        if (keys.isEmpty()) {
          continue;
        }
        boolean allInRun =
            keys.stream().allMatch(k -> inRun.contains(dependency.asset() + " " + k.key()));
        String span =
            keys.size() == 1
                ? keys.get(0).key()
                : keys.get(0).key() + ".." + keys.get(keys.size() - 1).key();
        edges.add(
            dependency.asset()
                + " "
                + span
                + (allInRun ? "" : " (partly materialized)")
                + " ["
                + dependency.mapping().describe()
                + "; "
                + dependency.reason()
                + "]");
      }
      String line =
          String.format(
              "  %-24s%s",
              task.asset(),
              edges.isEmpty() ? "" : "<- " + String.join("\n" + " ".repeat(26) + "<- ", edges));
      out.println(line.stripTrailing());
    }
    printBatches(out, batches);
    if (estimate.isPresent()) {
      out.printf(
          "Estimated run time: %.1f s at max parallel %d (from %d past task durations)%n",
          estimate.get().duration().toMillis() / 1000.0, maxParallel, estimate.get().samples());
    } else {
      out.println("Estimated run time: unknown (no past runs yet)");
    }
    out.println("Nothing was written. Run it with `partita backfill` and the same options.");
  }

  private static final int BATCHES_SHOWN = 5;

  /**
   * Each fused asset's batches; every partition of a batch is still checked and published alone.
   */
  private static void printBatches(PrintStream out, List<BatchPreview> previews) {
    if (previews.isEmpty()) {
      return;
    }
    out.println(
        "Batches (batch_size: one query per batch; each partition is still checked, recorded and"
            + " published on its own):");
    for (BatchPreview preview : previews) {
      String size =
          preview.batchSize().equals("auto")
              ? "auto, " + preview.size() + " per batch to start, resized to ~1.5 s per batch"
              : preview.batchSize();
      List<String> shown = new ArrayList<>();
      for (BatchPreview.Batch batch : preview.batches()) {
        if (shown.size() == BATCHES_SHOWN) {
          shown.add("… " + (preview.batches().size() - BATCHES_SHOWN) + " more");
          break;
        }
        shown.add(batch.partitions() == 1 ? batch.first() : batch.first() + ".." + batch.last());
      }
      out.printf(
          "  %-24sbatch_size %s: %s in %s: %s%n",
          preview.asset(),
          size,
          Words.count(preview.partitions(), "partition"),
          String.format(
              "%,d %s",
              preview.batches().size(), preview.batches().size() == 1 ? "batch" : "batches"),
          String.join(", ", shown));
    }
  }
}
