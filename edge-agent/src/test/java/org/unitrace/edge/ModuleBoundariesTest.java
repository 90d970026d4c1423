package org.unitrace.edge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The station logic, serial issuing and the BOM check are tested without a wire: they import no OPC
 * UA, MQTT, serial-port or SQLite types; adapters in {@code signal}, {@code device} and {@code
 * outbox} carry those. What they keep across restarts goes through {@code state.AgentState}.
 */
class ModuleBoundariesTest {

  private static final JavaClasses AGENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.unitrace.edge");

  /** The packages that decide without a wire: the station logic, serial issuing, the BOM check. */
  private static final String[] LOGIC = {
    "org.unitrace.edge.station..", "org.unitrace.edge.serial..", "org.unitrace.edge.bom.."
  };

  @Test
  void stationLogicImportsNoTransport() {
    noClasses()
        .that()
        .resideInAnyPackage(LOGIC)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.eclipse.milo..",
            "org.eclipse.paho..",
            "org.eclipse.tahu..",
            "com.fazecast..",
            "org.sqlite..",
            "org.unitrace.line.mqtt..")
        .check(AGENT);
  }

  @Test
  void stationLogicSerialsAndBomsKnowNothingOfTheOutbox() {
    noClasses()
        .that()
        .resideInAnyPackage(LOGIC)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.unitrace.edge.outbox..")
        .check(AGENT);
  }
}
