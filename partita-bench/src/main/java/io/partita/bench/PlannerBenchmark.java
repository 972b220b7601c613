package io.partita.bench;

import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.model.PartitionSet;
import io.partita.plan.Order;
import io.partita.plan.PartitionStates;
import io.partita.plan.PlanRequest;
import io.partita.plan.Planner;
import io.partita.plan.Reprocess;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Map;

/** Planning time and heap for many daily partitions x 4 assets with window dependencies. */
final class PlannerBenchmark implements Benchmark {
  @Override
  public String name() {
    return "planner";
  }

  @Override
  public String description() {
    return "plan 100,000 daily partitions x 4 assets with window deps: time and heap";
  }

  @Override
  public BenchResult run(BenchOptions options, PrintStream out) throws Exception {
    int partitions = options.plannerPartitions();
    BenchProject project =
        BenchProject.create(
            "planner",
            Map.of(
                "partita.yaml",
                    """
                    name: plan_bench
                    partitions: {grain: day, start: 1800-01-01}
                    defaults: {time_column: d}
                    assets:
                      a: {sql: models/a.sql}
                      b: {sql: models/b.sql}
                      c: {sql: models/c.sql, depends_on: [{asset: b, window: [-2, 0]}]}
                      d: {sql: models/d.sql, depends_on: [{asset: c, window: [-6, 0]}]}
                    """,
                "models/a.sql", "select {{ start }} as d\n",
                "models/b.sql", "select * from {{ ref('a') }}\n",
                "models/c.sql", "select * from {{ ref('b') }}\n",
                "models/d.sql", "select * from {{ ref('c') }}\n"));
    Pipeline pipeline = PipelineLoader.load(project.dir());
    Planner planner = new Planner(pipeline);
    String last = LocalDate.of(1800, 1, 1).plusDays(partitions - 1).toString();
    PartitionSet set =
        PartitionSet.parse("1800-01-01.." + last, planner.grainOf(pipeline.assetNames()));
    PlanRequest request = new PlanRequest(pipeline.assetNames(), set, Reprocess.ALL, Order.ASC);
    planner.plan(request, PartitionStates.EMPTY); // warm-up: class loading and JIT
    long heapBefore = BenchProject.usedHeapAfterGc();
    long start = System.nanoTime();
    io.partita.plan.Plan plan = planner.plan(request, PartitionStates.EMPTY);
    long millis = BenchProject.millisSince(start);
    // The plan is still referenced here: the heap after GC holds it.
    long heapAfter = BenchProject.usedHeapAfterGc();
    int tasks = plan.size();
    long planMib = Math.max(0, heapAfter - heapBefore) >> 20;
    out.printf(
        "planner: %,d partitions x 4 assets = %,d tasks (window deps [-2,0] and [-6,0]) in %d ms,"
            + " plan holds %d MiB of heap%n",
        partitions, tasks, millis, planMib);
    return BenchResult.named(name())
        .parameter("partitions", partitions)
        .parameter("assets", 4)
        .parameter("windows", "[-2,0], [-6,0]")
        .figure("tasks", tasks)
        .figure("plan_ms", millis)
        .figure("plan_heap_mib", planMib);
  }
}
