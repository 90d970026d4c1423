package org.unitrace.sim.history;

import java.util.List;

/**
 * A bill-of-materials position of the generated products: fitted at {@code station}, tracked by
 * serial ({@code serialPrefix} set) or by lot, {@code quantity} per unit, lots between {@code
 * minLotUnits} and {@code maxLotUnits} units' worth, from one of {@code suppliers}.
 */
record Part(
    String partNumber,
    String station,
    String serialPrefix,
    int quantity,
    int minLotUnits,
    int maxLotUnits,
    List<String> suppliers) {

  static Part serial(String partNumber, String station, String prefix, String supplier) {
    return new Part(partNumber, station, prefix, 1, 0, 0, List.of(supplier));
  }

  static Part lot(
      String partNumber,
      String station,
      int quantity,
      int minLotUnits,
      int maxLotUnits,
      String... suppliers) {
    return new Part(
        partNumber, station, null, quantity, minLotUnits, maxLotUnits, List.of(suppliers));
  }

  boolean bySerial() {
    return serialPrefix != null;
  }

  static final String WIDGET = "WIDGET-7";

  /** What goes into a cell (level 2), fitted at CELL. */
  static final List<Part> CELL =
      List.of(
          lot(WIDGET, "CELL", 1, 400, 900, "Widgetry GmbH", "Acme Widgets"),
          lot("FOIL-2", "CELL", 2, 1500, 4000, "FoilCo"),
          lot("TAB-1", "CELL", 2, 2000, 6000, "Tabs Ltd", "FoilCo"),
          serial("SENSOR-4", "CELL", "SNS", "Sensix"));

  /** What goes into a module (level 1) besides its cell, fitted at MOD. */
  static final List<Part> MODULE =
      List.of(
          serial("MOTOR-7", "MOD", "MOT", "Motorworks"),
          lot("SEAL-3", "MOD", 1, 800, 2500, "Acme Seals", "SealTech"),
          lot("HOUSING-4", "MOD", 1, 1000, 3000, "CastPro"),
          lot("SCREW-M3", "MOD", 4, 1000, 5000, "Fasteners Ltd"),
          lot("GREASE-1", "MOD", 1, 3000, 9000, "Lubix"));

  /** What goes into a top-level unit besides its module, fitted at ASSY. */
  static final List<Part> TOP =
      List.of(
          serial("PCB-12", "ASSY", "PCB", "Boardhouse"),
          serial("DISPLAY-5", "ASSY", "DSP", "Pixel Co"),
          serial("PSU-9", "ASSY", "PSU", "Powerline"),
          lot("SCREW-M4", "ASSY", 6, 1000, 3500, "Fasteners Ltd", "Boltex"),
          lot("LABEL-1", "ASSY", 1, 2000, 5000, "Printex"),
          lot("GASKET-2", "ASSY", 1, 1500, 4000, "SealTech"),
          lot("CABLE-8", "ASSY", 1, 1200, 3000, "Wirecraft", "Cablex"),
          lot("CASE-3", "ASSY", 1, 800, 2000, "CastPro"),
          lot("KNOB-1", "ASSY", 1, 2000, 8000, "Plastix"));
}
