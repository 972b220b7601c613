package io.partita.engine.sql;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;

/** The parts of stage error messages that every engine words the same way. */
public final class StageMessages {
  private StageMessages() {}

  /** {@code asset 'features' partition 2025-03-02 (models/features.sql)} */
  public static String where(StageRequest request) {
    return String.format(
        "asset '%s' partition %s (%s)",
        request.asset(), request.partition().key(), request.definedIn());
  }

  /** The error for a stage into a warehouse opened read-only; {@code warehouse} names it. */
  public static EngineException readOnly(StageRequest request, Object warehouse) {
    return new EngineException(
        where(request)
            + ": the warehouse "
            + warehouse
            + " is open read-only; nothing can be staged or published",
        false,
        null);
  }
}
