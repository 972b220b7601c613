package io.partita.drill;

import io.partita.PartitaException;
import java.util.List;
import java.util.Map;

/** The drills by name, in the order the CLI lists them. */
public final class Drills {
  public static final List<String> NAMES =
      List.of("kill", "engine-outage", "bad-data", "late-data", "state-locked");
  private static final Map<String, Drill> DRILLS =
      Map.of(
          "kill", new KillDrill(),
          "engine-outage", new EngineOutageDrill(),
          "bad-data", new BadDataDrill(),
          "late-data", new LateDataDrill(),
          "state-locked", new StateLockedDrill());

  private Drills() {}

  /** The drill called {@code name}; a USER error listing the names when there is none. */
  public static Drill named(String name) {
    Drill drill = DRILLS.get(name);
    if (drill == null) {
      throw PartitaException.user(
          "Unknown drill '%s': choose from %s", name, String.join(", ", NAMES));
    }
    return drill;
  }
}
