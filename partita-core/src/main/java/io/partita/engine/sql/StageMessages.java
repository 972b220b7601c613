package io.partita.engine.sql;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import io.partita.engine.TaskInput;

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

  /**
   * How to fix rows staged outside the partition window: filter the model, or make the command
   * write only its window's rows.
   */
  public static String windowFix(StageRequest request, String column) {
    TaskInput input =
        request.input() instanceof TaskInput.WithColumns wrapped
            ? wrapped.inner()
            : request.input();
    return input instanceof TaskInput.Sql
        ? String.format(
            "Filter the model with WHERE %s >= {{ start }} AND %s < {{ end }}", column, column)
        : String.format(
            "Make the command write only rows with $PARTITA_START <= %s < $PARTITA_END", column);
  }
}
