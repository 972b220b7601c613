package io.partita.cli;

import io.partita.PartitaException;
import io.partita.backend.Backends;
import io.partita.cli.PartitionFingerprints.Asset;
import io.partita.cli.PartitionFingerprints.Fingerprint;
import io.partita.exec.BackfillRequest;
import io.partita.project.ProjectContext;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code demo --engine spark}: the demo pipeline on local Spark + Iceberg (backfill, re-run of
 * three days), then the same pipeline on DuckDB, and a comparison of every partition's fingerprint
 * on the two engines. Returns 0 when they are identical, 1 when any partition differs.
 */
final class SparkDemo {
  static final LocalDate FIRST = LocalDate.of(2024, 12, 1);
  static final LocalDate LAST = LocalDate.of(2024, 12, 12);
  private static final String RERUN = "2024-12-10..2024-12-12";
  private static final List<Asset> ASSETS =
      List.of(
          new Asset("raw_events", "event_date"),
          new Asset("staging_events", "event_date"),
          new Asset("features", "date"));

  private SparkDemo() {}

  /** Refuses before anything is written when partita-spark is not on the class path. */
  static void requireSparkEngine() {
    if (Backends.engines().stream().noneMatch(engine -> engine.schemes().contains("spark"))) {
      throw PartitaException.user(
          "demo --engine spark needs the partita-spark module, which is not on the class path:"
              + " run ./partita demo --engine spark, which adds it (and builds it on first use)");
    }
  }

  static int run(Path project) {
    String range = FIRST + ".." + LAST;
    ProjectTemplate.write(project, EngineDemoTemplate.spark("demo_spark", project), false);
    System.out.println("== Partita demo on Spark + Iceberg ==");
    System.out.printf(
        "Project: %s%n  raw_events -> staging_events -> features (3-day rolling window, merge on"
            + " entity_id+date), checks on every asset%n  Spark local[2], Iceberg tables in"
            + " .partita/lake (hadoop catalog)%n",
        project);
    List<Fingerprint> spark;
    try (ProjectContext workspace = ProjectContext.open(project)) {
      System.out.println();
      System.out.printf(
          "1. Backfill %s on Spark:  partita backfill --partitions %s%n", range, range);
      backfill(workspace, range);
      System.out.println();
      System.out.println("2. The partition grid:  partita status");
      Main.execute("status", "--project", project.toString());
      System.out.println();
      System.out.printf("3. Re-run %s of every asset on Spark:%n", RERUN);
      List<Fingerprint> before = PartitionFingerprints.of(workspace.engine(), ASSETS, FIRST, LAST);
      backfill(workspace, RERUN);
      spark = PartitionFingerprints.of(workspace.engine(), ASSETS, FIRST, LAST);
      if (!before.equals(spark)) {
        throw PartitaException.internal(
            "A re-run on Spark changed the data: that is a bug, please report it", null);
      }
      System.out.println("   every partition's fingerprint is the same after the re-run");
    }

    Path twin = project.resolve(EngineDemoTemplate.DUCKDB_TWIN);
    ProjectTemplate.write(twin, EngineDemoTemplate.duckdb("demo_duckdb"), false);
    System.out.println();
    System.out.printf(
        "4. The same pipeline on DuckDB (%s/): backfill %s, re-run %s%n",
        EngineDemoTemplate.DUCKDB_TWIN, range, RERUN);
    List<Fingerprint> duckdb;
    try (ProjectContext workspace = ProjectContext.open(twin)) {
      backfill(workspace, range);
      backfill(workspace, RERUN);
      duckdb = PartitionFingerprints.of(workspace.engine(), ASSETS, FIRST, LAST);
    }
    return compare(spark, duckdb);
  }

  private static void backfill(ProjectContext workspace, String range) {
    int exit =
        DemoCommand.backfill(
            workspace, workspace.runs(), BackfillRequest.of(range).withMaxParallel(2));
    if (exit != 0) {
      throw PartitaException.internal("The demo backfill failed; see the errors above", null);
    }
  }

  /** Prints both engines' fingerprints side by side and the verdict; 0 when identical. */
  static int compare(List<Fingerprint> spark, List<Fingerprint> duckdb) {
    System.out.println();
    System.out.println(
        "5. Fingerprint of every partition (row count + order-independent hash of the rows):");
    List<List<Object>> rows = new ArrayList<>();
    List<String> different = new ArrayList<>();
    for (int i = 0; i < spark.size(); i++) {
      Fingerprint left = spark.get(i);
      Fingerprint right = duckdb.get(i);
      boolean same = left.equals(right);
      if (!same) {
        different.add(left.asset() + " " + left.partition());
      }
      rows.add(
          List.of(
              left.asset(),
              left.partition(),
              left.rows() + " " + left.hash(),
              right.rows() + " " + right.hash(),
              same ? "same" : "DIFFERENT"));
    }
    TextTable.print(System.out, List.of("asset", "partition", "spark", "duckdb", "verdict"), rows);
    System.out.println();
    if (different.isEmpty()) {
      System.out.printf(
          "identical: all %d partitions of %d assets hold the same rows on Spark and DuckDB%n",
          spark.size(), ASSETS.size());
      return 0;
    }
    System.out.printf(
        "%d of %d partitions differ between Spark and DuckDB: %s%n",
        different.size(), spark.size(), String.join(", ", different));
    return 1;
  }
}
