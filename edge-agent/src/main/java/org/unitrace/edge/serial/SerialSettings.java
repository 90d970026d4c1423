package org.unitrace.edge.serial;

/**
 * The {@code serials:} block of an agent's config.
 *
 * @param template the serial template text, as the core knows it
 * @param reserve numbers to keep in hand for offline work (default 2000, about a shift)
 * @param blockSize numbers asked of the core per request
 * @param lowWater below this many numbers in hand the issuer refills in the background
 */
public record SerialSettings(String template, long reserve, long blockSize, long lowWater) {

  public SerialSettings {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("serials: needs a template");
    }
    if (blockSize < 1 || reserve < 0 || lowWater < 0) {
      throw new IllegalArgumentException(
          "serials for " + template + ": blockSize must be >= 1, reserve and lowWater >= 0");
    }
  }

  public static SerialSettings of(String template) {
    return new SerialSettings(template, 2000, 500, 1000);
  }
}
