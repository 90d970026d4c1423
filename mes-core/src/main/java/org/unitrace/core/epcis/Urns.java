package org.unitrace.core.epcis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.unitrace.line.gs1.DigitalLink;

/**
 * EPCIS identifiers. A unit of a product with a GTIN is an SGTIN and a lot of such a product an
 * LGTIN, both written as canonical GS1 Digital Link URIs ({@code https://id.gs1.org/01/{gtin}/21/
 * {serial}}, {@code .../10/{lot}}), which EPCIS 2.0 accepts beside the {@code urn:epc} forms and
 * which need no GS1 Company Prefix length. Everything else (no GTIN, or a serial or lot GS1 does
 * not allow in AI (21)/(10)) is named under the plant's own {@code urn:unitrace:} scheme, each part
 * percent-encoded so a ':' inside a serial cannot shift the parts.
 */
final class Urns {

  static final String UNIT_PREFIX = "urn:unitrace:unit:";
  static final String LOT_PREFIX = "urn:unitrace:lot:";

  private Urns() {}

  /** The SGTIN of a unit whose product has {@code gtin}; its plant URN when it cannot be one. */
  static String unit(String serial, String gtin) {
    if (gtin != null) {
      try {
        return DigitalLink.of(gtin, serial).uri();
      } catch (IllegalArgumentException e) { // Gs1ParseException included
        // a serial outside GS1's AI (21) rules (characters, 20 at most) keeps the plant URN
      }
    }
    return unit(serial);
  }

  /** The LGTIN of a lot of a part with {@code gtin}; its plant URN when it cannot be one. */
  static String lot(String partNumber, String lot, String gtin) {
    if (gtin != null) {
      try {
        return DigitalLink.of(gtin).with("10", lot).uri();
      } catch (IllegalArgumentException e) { // Gs1ParseException included
        // a lot outside GS1's AI (10) rules keeps the plant URN
      }
    }
    return lot(partNumber, lot);
  }

  /** The part after the prefix, decoded; the inverse of {@link #encode}. */
  static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

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
