package io.partita.web;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.conditions.ArchConditions.have;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dashboard's packages, bottom to top: {@code project} (the project as the server holds it,
 * runs it launches, warehouse holds, the HTTP error) < {@code extension} (the extension SPI) <
 * {@code api} (JSON endpoints) < {@code page} (HTML pages) < {@code server} (options, guards,
 * metrics, and the server that wires them together). No cycles; no constructor takes more than
 * seven parameters.
 */
@AnalyzeClasses(packages = "io.partita.web", importOptions = ImportOption.DoNotIncludeTests.class)
class WebArchitectureTest {
  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("io.partita.web.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule layersOnlyUseLowerLayers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Project")
          .definedBy("io.partita.web.project..")
          .layer("Extension")
          .definedBy("io.partita.web.extension..")
          .layer("Api")
          .definedBy("io.partita.web.api..")
          .layer("Page")
          .definedBy("io.partita.web.page..")
          .layer("Server")
          .definedBy("io.partita.web.server..")
          .whereLayer("Project")
          .mayOnlyBeAccessedByLayers("Extension", "Api", "Page", "Server")
          .whereLayer("Extension")
          .mayOnlyBeAccessedByLayers("Api", "Page", "Server")
          .whereLayer("Api")
          .mayOnlyBeAccessedByLayers("Page", "Server")
          .whereLayer("Page")
          .mayOnlyBeAccessedByLayers("Server")
          .whereLayer("Server")
          .mayNotBeAccessedByAnyLayer();

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
