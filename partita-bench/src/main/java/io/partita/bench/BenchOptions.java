package io.partita.bench;

import java.nio.file.Path;

/**
 * Sizes of the benchmarks. {@link #DEFAULT} are the published figures; tests use {@link #tiny}.
 *
 * @param scale TPC-H scale factor (1 = 6M lineitem rows)
 * @param overheadPartitions no-op partitions of {@code overhead}
 * @param plannerPartitions daily partitions per asset of {@code planner}
 * @param checkRows rows per partition of {@code checks}
 * @param resumePartitions partitions of the run that {@code resume} kills at 50%
 * @param tpchDays at most this many shipping days of {@code tpch} (0: all, about 2,500); the daily
 *     partitions of {@code spark} (0: 200)
 * @param outputDir where the JSON results go
 */
public record BenchOptions(
    double scale,
    int overheadPartitions,
    int plannerPartitions,
    int checkRows,
    int resumePartitions,
    int tpchDays,
    Path outputDir) {
  public static final BenchOptions DEFAULT =
      new BenchOptions(1.0, 2000, 100_000, 1_000_000, 200, 0, Path.of("bench-results"));

  public BenchOptions {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("--scale must be positive, got " + scale);
    }
  }

  /** Sizes that finish in seconds: for the smoke test, not for figures. */
  public static BenchOptions tiny(Path outputDir) {
    return new BenchOptions(0.001, 20, 1000, 10_000, 20, 10, outputDir);
  }

  /**
   * Daily partitions per asset of {@code grid}: 3,000 at the published sizes, a tenth of {@link
   * #plannerPartitions} when that is smaller (the tiny sizes).
   */
  public int gridPartitions() {
    return Math.min(3_000, plannerPartitions / 10);
  }

  public BenchOptions withScale(double value) {
    return new BenchOptions(
        value,
        overheadPartitions,
        plannerPartitions,
        checkRows,
        resumePartitions,
        tpchDays,
        outputDir);
  }

  public BenchOptions withTpchDays(int value) {
    return new BenchOptions(
        scale,
        overheadPartitions,
        plannerPartitions,
        checkRows,
        resumePartitions,
        value,
        outputDir);
  }

  public BenchOptions withOutputDir(Path value) {
    return new BenchOptions(
        scale, overheadPartitions, plannerPartitions, checkRows, resumePartitions, tpchDays, value);
  }
}
