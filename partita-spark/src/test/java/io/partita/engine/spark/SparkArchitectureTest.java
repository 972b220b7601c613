package io.partita.engine.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The Spark engine keeps to its package's side of the seam. (That the rest of Partita never sees
 * Spark or Iceberg is kept by Maven: no other module has them on its class path.)
 */
class SparkArchitectureTest {
  private static final JavaClasses PARTITA =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // Partita's own classes: the modules' class directories, not Spark's 200 jars.
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.partita");

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
