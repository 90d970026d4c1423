package org.unitrace.core.epcis;

import java.nio.charset.StandardCharsets;

/**
 * The plant's own URN scheme for EPCIS identifiers. Product master data holds no GTIN today, so no
 * SGTIN or LGTIN can be formed; units, lots and places are named under {@code urn:unitrace:}. Each
 * part is percent-encoded so a ':' inside a serial cannot shift the parts.
 */
final class Urns {

  private Urns() {}

  static String unit(String serial) {
    return "urn:unitrace:unit:" + encode(serial);
  }

  static String lot(String partNumber, String lot) {
    return "urn:unitrace:lot:" + encode(partNumber) + ":" + encode(lot);
  }

  static String station(String site, String line, String station) {
    return "urn:unitrace:loc:" + encode(site) + ":" + encode(line) + ":" + encode(station);
  }

  static String line(String site, String line) {
    return "urn:unitrace:loc:" + encode(site) + ":" + encode(line);
  }

  static String location(String code) {
    return "urn:unitrace:location:" + encode(code);
  }

  static String encode(String part) {
    StringBuilder out = new StringBuilder();
    for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
