package io.partita.exec;

import io.partita.PartitaException;
import io.partita.backend.Backends;
import io.partita.config.Pipeline;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.state.RunOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --publish atomic} promises one transaction for every partition of the run. A warehouse
 * that commits one table at a time (Iceberg on a Hadoop catalog) cannot keep that promise for
 * several assets, so such a run is refused at planning, before anything is stored or written,
 * rather than published table by table.
 */
final class AtomicScope {
  private AtomicScope() {}

  static void check(Pipeline pipeline, Path projectDir, RunOptions options, Plan plan) {
    if (!options.atomic()) {
      return;
    }
    List<String> assets = plan.tasks().stream().map(TaskNode::asset).distinct().toList();
    if (assets.size() < 2) {
      return;
    }
    Backends.Engines engines = Backends.engine(pipeline);
    if (engines.provider().publishesSeveralRelationsAtomically(engines.url(), projectDir)) {
      return;
    }
    throw PartitaException.user(
        "--publish atomic: the run writes %d assets (%s), but warehouse '%s' cannot publish"
            + " several tables atomically (its catalog commits one table at a time); nothing was"
            + " run. Run without --publish atomic, select one asset with --assets, or use a"
            + " catalog with multi-table commits",
        assets.size(), String.join(", ", assets), pipeline.warehouse());
  }
}
