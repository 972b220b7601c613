package io.partita.exec;

import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.model.PartitionKey;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.state.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batches a run of a plan would start for each asset with {@code batch_size}, for {@code plan}:
 * consecutive partitions of the asset in the plan, grouped by the batch size. For {@code auto} the
 * size is the first one the run would pick; the run resizes its batches as they finish. A partition
 * that fails in a batch runs alone on its retry, so a run may start more batches.
 *
 * @param batchSize as written in partita.yaml: a number or {@code auto}
 * @param size partitions per batch
 */
public record BatchPreview(String asset, String batchSize, int size, List<Batch> batches) {
  public BatchPreview {
    batches = List.copyOf(batches);
  }

  /** One batch: its first and last partition keys and how many partitions it holds. */
  public record Batch(String first, String last, int partitions) {}

  public int partitions() {
    return batches.stream().mapToInt(Batch::partitions).sum();
  }

  /** One preview per asset of the plan whose partitions may share a query, in plan order. */
  public static List<BatchPreview> of(
      Plan plan, Pipeline pipeline, StateStore state, int maxParallel) {
    Map<String, List<PartitionKey>> byAsset = new LinkedHashMap<>();
    for (TaskNode task : plan.tasks()) {
      if (pipeline.asset(task.asset()).batchSize().fuses()) {
        byAsset.computeIfAbsent(task.asset(), a -> new ArrayList<>()).add(task.partition());
      }
    }
    BatchSizer sizer = new BatchSizer(state, maxParallel, 0);
    List<BatchPreview> previews = new ArrayList<>();
    byAsset.forEach(
        (name, partitions) -> {
          AssetDefinition asset = pipeline.asset(name);
          int size = sizer.next(asset, partitions.size());
          List<PartitionKey> sorted = partitions.stream().sorted().toList();
          List<Batch> batches = new ArrayList<>();
          int start = 0;
          for (int i = 1; i <= sorted.size(); i++) {
            boolean breaks =
                i == sorted.size()
                    || i - start == size
                    || !sorted.get(i).equals(sorted.get(i - 1).plus(1));
            if (breaks) {
              batches.add(new Batch(sorted.get(start).key(), sorted.get(i - 1).key(), i - start));
              start = i;
            }
          }
          previews.add(new BatchPreview(name, asset.batchSize().describe(), size, batches));
        });
    return previews;
  }
}
