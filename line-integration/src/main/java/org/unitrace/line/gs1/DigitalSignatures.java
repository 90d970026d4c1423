package org.unitrace.line.gs1;

import java.util.List;
import java.util.Set;

/**
 * The rule of the GS1 General Specifications for AI (8030), the digital signature: it signs one
 * individual item, so a key it goes with that has an optional serial component, GDTI (253), GCN
 * (255) or GRAI (8003), must carry that serial. (8030)'s other associations (SSCC, GTIN with
 * serial, ...) are its {@code req=} attribute in the dictionary.
 */
final class DigitalSignatures {

  private static final Set<String> KEYS_WITH_OPTIONAL_SERIAL = Set.of("253", "255", "8003");

  private DigitalSignatures() {}

  static void check(List<Gs1Parser.Located> found) {
    if (found.stream().noneMatch(l -> l.def().ai().equals("8030"))) {
      return;
    }
    for (Gs1Parser.Located l : found) {
      AiDefinition def = l.def();
      if (KEYS_WITH_OPTIONAL_SERIAL.contains(def.ai()) && l.value().length() <= def.minLength()) {
        throw new Gs1ParseException(
            def.ai(),
            l.offset(),
            "has no serial component, which a digital signature (8030) requires");
      }
    }
  }
}
