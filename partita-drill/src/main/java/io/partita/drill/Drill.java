package io.partita.drill;

/** One scripted failure rehearsal on a copy of a project; reports through {@link DrillRun}. */
public interface Drill {
  /** Runs the drill; returns whether the evidence shows Partita handled the failure. */
  boolean run(DrillRun run) throws Exception;
}
