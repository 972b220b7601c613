package io.partita.check;

import java.util.Map;
import java.util.Optional;

/** Builds {@link CheckResult}s, mapping a verdict and the check's severity to an outcome. */
final class Results {
  /** What the measurement says before severity is applied. */
  enum Verdict {
    PASS,
    WARN,
    FAIL
  }

  private Results() {}

  static Outcome outcome(Severity severity, Verdict verdict) {
    return switch (verdict) {
      case PASS -> Outcome.PASSED;
      case WARN -> Outcome.WARNED;
      case FAIL -> severity == Severity.ERROR ? Outcome.FAILED : Outcome.WARNED;
    };
  }

  static CheckResult of(
      Check check,
      Verdict verdict,
      double metric,
      String threshold,
      String message,
      Map<String, Double> metrics,
      Optional<String> failingRowsSql) {
    return new CheckResult(
        check.name(),
        outcome(check.severity(), verdict),
        Double.isNaN(metric) ? Optional.empty() : Optional.of(metric),
        threshold,
        check.name() + ": " + message,
        metrics,
        verdict == Verdict.PASS ? Optional.empty() : failingRowsSql);
  }

  static CheckResult skipped(
      Check check, String threshold, String message, Map<String, Double> metrics) {
    return new CheckResult(
        check.name(),
        Outcome.SKIPPED,
        Optional.empty(),
        threshold,
        check.name() + ": skipped: " + message,
        metrics,
        Optional.empty());
  }

  static Verdict failIf(boolean failed) {
    return failed ? Verdict.FAIL : Verdict.PASS;
  }
}
