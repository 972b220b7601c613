package io.partita;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Arrays;
import java.util.List;

/**
 * The layers of partita-core, checked on the compiled classes with ArchUnit: each layer uses only
 * layers below it, the backends (DuckDB, SQLite, PostgreSQL) are reached only through their
 * providers, and no two packages depend on each other.
 */
@AnalyzeClasses(packages = "io.partita", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /**
   * Bottom to top: name and packages. A layer may use the layers listed before it. Config sits
   * above Check because loading partita.yaml builds the Check instances; so no check imports config
   * (a check learns what it needs from its CheckOptions and the CheckContext it runs in).
   */
  private static final List<String[]> LAYERS =
      List.of(
          new String[] {"Model", "io.partita.model.."},
          new String[] {
            "Seams",
            "io.partita.engine",
            "io.partita.engine.command..",
            "io.partita.engine.testing..",
            "io.partita.state",
            "io.partita.state.jdbc.."
          },
          // What the SQL engines share; below Check and the backends, so it cannot know either.
          new String[] {"SqlEngines", "io.partita.engine.sql.."},
          new String[] {"Check", "io.partita.check.."},
          new String[] {"Config", "io.partita.config.."},
          new String[] {"Plan", "io.partita.plan.."},
          new String[] {"Backend", "io.partita.backend.."},
          new String[] {
            "Backends",
            "io.partita.engine.duckdb..",
            "io.partita.state.sqlite..",
            "io.partita.engine.postgres..",
            "io.partita.state.postgres.."
          },
          new String[] {
            "WriteAuditPublish",
            "io.partita.publish..",
            "io.partita.lineage..",
            "io.partita.pairing.."
          },
          new String[] {"Exec", "io.partita.exec.."},
          new String[] {"Schedule", "io.partita.schedule.."},
          new String[] {"Json", "io.partita.json.."},
          new String[] {"Project", "io.partita.project.."});

  @ArchTest static final ArchRule layersOnlyUseLowerLayers = layers();

  @ArchTest
  static final ArchRule backendsAreReachedOnlyThroughTheirProviders =
      ArchRuleDefinition.noClasses()
          .that()
          .resideOutsideOfPackages("io.partita.engine.duckdb..", "io.partita.state.sqlite..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.partita.engine.duckdb..",
              "io.partita.state.sqlite..",
              "org.duckdb..",
              "org.sqlite..")
          .because(
              "only the DuckDB and SQLite packages know DuckDB and SQLite; others use the SPIs");

  @ArchTest
  static final ArchRule postgresqlIsReachedOnlyThroughItsProviders =
      ArchRuleDefinition.noClasses()
          .that()
          .resideOutsideOfPackages("io.partita.engine.postgres..", "io.partita.state.postgres..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.partita.engine.postgres..",
              "io.partita.state.postgres..",
              "org.postgresql..",
              "com.zaxxer..")
          .because(
              "only the PostgreSQL packages know the PostgreSQL driver and the connection pool;"
                  + " others use the SPIs");

  @ArchTest
  static final ArchRule sharedSqlEngineCodeKnowsNoBackend =
      ArchRuleDefinition.noClasses()
          .that()
          .resideInAPackage("io.partita.engine.sql..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.partita.engine.duckdb..",
              "io.partita.engine.postgres..",
              "io.partita.engine.spark..",
              "org.duckdb..",
              "org.postgresql..",
              "com.zaxxer..")
          .because(
              "engine.sql holds what the SQL engines share; what differs comes from each engine");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("io.partita.(**)").should().beFreeOfCycles();

  private static ArchRule layers() {
    LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String[] layer : LAYERS) {
      architecture =
          architecture.layer(layer[0]).definedBy(Arrays.copyOfRange(layer, 1, layer.length));
    }
    // Each layer may be used only by the layers above it.
    for (int i = 0; i < LAYERS.size() - 1; i++) {
      String[] above =
          LAYERS.subList(i + 1, LAYERS.size()).stream().map(l -> l[0]).toArray(String[]::new);
      architecture = architecture.whereLayer(LAYERS.get(i)[0]).mayOnlyBeAccessedByLayers(above);
    }
    return architecture.whereLayer("Project").mayNotBeAccessedByAnyLayer();
  }
}
