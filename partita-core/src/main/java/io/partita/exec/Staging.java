package io.partita.exec;

import static java.util.Objects.requireNonNull;

import io.partita.engine.Engine;
import io.partita.publish.StagedInRun;
import io.partita.publish.TaskRunner;
import io.partita.publish.VersionTargets;

/**
 * The write-audit-publish side of one run: the task runner, the warehouse, what an atomic run holds
 * back, and which version of each asset the run writes.
 */
record Staging(TaskRunner runner, Engine engine, StagedInRun staged, VersionTargets targets) {
  Staging {
    requireNonNull(runner, "runner is null");
    requireNonNull(engine, "engine is null");
    requireNonNull(staged, "staged is null");
    requireNonNull(targets, "targets is null");
  }
}
