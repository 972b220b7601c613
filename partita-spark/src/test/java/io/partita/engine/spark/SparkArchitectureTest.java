package io.partita.engine.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Spark and Iceberg stay in io.partita.engine.spark; the rest of Partita never sees them. */
class SparkArchitectureTest {
  private static final JavaClasses PARTITA =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // Partita's own classes: the modules' class directories, not Spark's 200 jars.
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.partita");

  @Test
  void onlyTheSparkEnginePackageUsesSparkOrIceberg() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.partita.engine.spark..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..", "org.apache.iceberg..", "org.apache.hadoop..")
        .check(PARTITA);
  }

  @Test
  void theSparkEngineUsesNoDuckDbOrSqliteClasses() {
    noClasses()
        .that()
        .resideInAPackage("io.partita.engine.spark..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.duckdb..", "org.sqlite..", "io.partita.engine.duckdb..")
        .check(PARTITA);
  }
}
