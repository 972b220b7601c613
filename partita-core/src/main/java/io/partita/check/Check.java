package io.partita.check;

/**
 * A per-partition assertion run on staged data before it is published. Implementations compute
 * their metric in SQL inside the engine (through {@link CheckContext#query}); they never pull the
 * partition's rows into the JVM. Thread-safe and stateless: one instance serves every partition.
 */
public interface Check {
  /** Stable name shown to users and used to store results, e.g. {@code not_null(entity_id)}. */
  String name();

  Severity severity();

  /**
   * Columns of the asset this check reads; verified against the model's output before any data is
   * written, so a check on a missing column is a configuration error, not a failed partition.
   */
  default java.util.List<String> columns() {
    return java.util.List.of();
  }

  /**
   * Evaluates the staged partition. Never throws for a failing assertion: that is a FAILED result.
   */
  CheckResult evaluate(CheckContext context);
}
