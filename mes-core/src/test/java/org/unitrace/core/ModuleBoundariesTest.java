package org.unitrace.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The feature packages of mes-core stay a graph without cycles, so each one can be read, tested and
 * changed from its own public types; the event contract is reached through line-integration, never
 * the other way.
 */
class ModuleBoundariesTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.unitrace.core");

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("org.unitrace.core.(*)..").should().beFreeOfCycles().check(CORE);
  }

  /**
   * A feature's sub-packages ({@code integration.epcis}, ...) are its internals: public so the
   * feature can use them, but no other feature reaches into them.
   */
  @Test
  void aFeaturesSubPackagesAreReachedOnlyFromThatFeature() {
    for (JavaPackage feature : CORE.getPackage("org.unitrace.core").getSubpackages()) {
      for (JavaPackage inner : feature.getSubpackages()) {
        noClasses()
            .that()
            .resideOutsideOfPackage(feature.getName() + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(inner.getName() + "..")
            .because(inner.getName() + " is " + feature.getName() + "'s own")
            .check(CORE);
      }
    }
  }

  @Test
  void theWebLayerIsNotReachedFromIngestion() {
    noClasses()
        .that()
        .resideInAPackage("org.unitrace.core.ingest..")
        .and()
        .haveSimpleNameNotEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework.web.bind.annotation..")
        .because("ingestion's meaning is the same for MQTT and HTTP; only controllers speak HTTP")
        .check(CORE);
  }

  @Test
  void mqttGoesThroughTheSharedSessionLayer() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.paho..")
        .because("the core's sessions are line-integration's (org.unitrace.line.mqtt)")
        .check(CORE);
  }
}
