package io.partita.cli;

/** One scripted failure rehearsal on a copy of a project; reports through {@link DrillRun}. */
interface Drill {
  /** Runs the drill; returns whether the evidence shows Partita handled the failure. */
  boolean run(DrillRun run) throws Exception;
}
