package org.unitrace.line;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * line-integration is a library both the edge agent and the core use: it depends on no Spring, its
 * event contract and codecs depend on no transport, and its packages have no cycles.
 */
class ModuleBoundariesTest {

  private static final JavaClasses LIBRARY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.unitrace");

  @Test
  void dependsOnNoSpring() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(LIBRARY);
  }

  @Test
  void contractGs1AndSerialNumbersImportNoTransport() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.unitrace.contract..", "org.unitrace.line.gs1..", "org.unitrace.line.serialno..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.eclipse.milo..", "org.eclipse.paho..", "com.fazecast..")
        .check(LIBRARY);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("org.unitrace.(**)").should().beFreeOfCycles().check(LIBRARY);
  }
}
