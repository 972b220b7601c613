package io.partita.engine.spark;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings for tests: local Spark with the project's Hadoop catalog, tuned for rows by the dozen
 * (no code generation to compile, no adaptive re-planning). The JVM's one SparkContext starts with
 * the first engine and is shared by every test class.
 */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSettings settings(Path project) {
    SparkSettings defaults = SparkSettings.defaults(project);
    return new SparkSettings(
        "local[2]",
        defaults.catalog(),
        defaults.namespace(),
        Map.of(
            "spark.sql.codegen.wholeStage", "false",
            "spark.sql.codegen.factoryMode", "NO_CODEGEN",
            "spark.sql.adaptive.enabled", "false",
            "spark.default.parallelism", "2"));
  }
}
