package io.partita.cli;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.conditions.ArchConditions.have;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The CLI sits on the core's seams: no backend classes, no dashboard internals; and no constructor
 * takes more than seven parameters.
 */
@AnalyzeClasses(packages = "io.partita.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class CliArchitectureTest {
  @ArchTest
  static final ArchRule noBackendClasses =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.partita.engine.duckdb..",
              "io.partita.state.sqlite..",
              "org.duckdb..",
              "org.sqlite..")
          .because("the CLI opens projects through ProjectContext and the backend providers");

  @ArchTest
  static final ArchRule onlyTheServerOfTheDashboard =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.partita.web.api..", "io.partita.web.page..")
          .because("JSON comes from io.partita.json; the CLI only starts the server");

  @ArchTest
  static final ArchRule constructorsTakeAtMostSevenParameters =
      constructors()
          .that()
          .areDeclaredInClassesThat()
          .areNotEnums()
          .should(
              have(
                  describe(
                      "at most 7 parameters",
                      (JavaConstructor c) -> c.getRawParameterTypes().size() <= 7)));
}
