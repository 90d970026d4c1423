package org.unitrace.edge.device;

import java.util.Map;

/** ISO/IEC 15415 grades, as letters (A best, F worst) or numbers (4.0 best, 0.0 worst). */
final class Grades {

  private static final Map<String, Double> LETTERS =
      Map.of("A", 4.0, "B", 3.0, "C", 2.0, "D", 1.0, "E", 0.5, "F", 0.0);

  private Grades() {}

  static double value(String grade) {
    String g = grade.strip().toUpperCase(java.util.Locale.ROOT);
    Double letter = LETTERS.get(g);
    if (letter != null) {
      return letter;
    }
    try {
      return Double.parseDouble(g);
    } catch (NumberFormatException e) {
      return -1; // an unknown grade never meets a requirement
    }
  }

  /** Whether {@code grade} is worse than {@code required}. */
  static boolean worse(String grade, String required) {
    return value(grade) < value(required);
  }

  /** A name for the symbology an AIM identifier says was read. */
  static String symbologyName(String aim) {
    return switch (aim.substring(1, 2)) {
      case "d" -> "DataMatrix";
      case "Q" -> "QR";
      case "C" -> "Code128";
      case "e" -> "DataBar";
      case "E" -> "EAN/UPC";
      case "J" -> "DotCode";
      default -> aim;
    };
  }
}
