package org.unitrace.core.scan;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.unitrace.line.gs1.DigitalLink;
import org.unitrace.line.gs1.ElementValue;
import org.unitrace.line.gs1.Gs1ElementString;
import org.unitrace.line.gs1.Gs1ParseException;
import org.unitrace.line.gs1.Gs1Parser;
import org.unitrace.line.gs1.Gtin;
import org.unitrace.line.gs1.SymbologyIdentifier;

/**
 * Decodes one scan into element strings and looks their keys up. The full GS1 rules apply,
 * associations included: what a handheld reads is judged as the label it is.
 */
@Service
class ScanDecoder {

  private final Gs1Parser parser = Gs1Parser.standard();
  private final KeyLookup lookup;

  ScanDecoder(KeyLookup lookup) {
    this.lookup = lookup;
  }

  /**
   * @param form {@code digital-link}, {@code bracketed}, {@code raw} or {@code ean-upc}
   * @param symbology the AIM symbology identifier the data came with, else null
   * @param digitalLink the same data as a canonical GS1 Digital Link URI, null without a key
   */
  record Decoded(
      String form,
      String symbology,
      List<ElementValue> elements,
      String bracketed,
      String digitalLink,
      KeyLookup.Keys keys) {}

  /**
   * @throws Gs1ParseException naming the AI, the offset in {@code data} and the rule broken
   */
  Decoded decode(String data) {
    if (data == null || data.isEmpty()) {
      throw new Gs1ParseException(null, 0, "no data: send the scanned text as \"data\"");
    }
    SymbologyIdentifier.Scanned scanned = SymbologyIdentifier.strip(data);
    String symbology = scanned.symbology().map(SymbologyIdentifier::code).orElse(null);
    String form;
    Gs1ElementString elements;
    if (scanned.symbology().isPresent() && scanned.symbology().get().isEanUpc()) {
      form = "ean-upc";
      elements = parser.parse("(01)" + eanUpc(scanned.data(), scanned.dataOffset()));
    } else {
      elements = parser.parse(data);
      String body = scanned.data();
      form =
          body.regionMatches(true, 0, "http", 0, 4)
              ? "digital-link"
              : body.startsWith("(") ? "bracketed" : "raw";
    }
    return new Decoded(
        form,
        symbology,
        elements.elements(),
        elements.toBracketed(),
        digitalLink(elements).orElse(null),
        lookup.keys(elements));
  }

  /** EAN-13, UPC-A and EAN-8 carry a bare GTIN, no AI. */
  private static String eanUpc(String digits, int offset) {
    try {
      return Gtin.normalize(digits);
    } catch (IllegalArgumentException e) {
      throw new Gs1ParseException("01", offset, e.getMessage());
    }
  }

  private static Optional<String> digitalLink(Gs1ElementString elements) {
    try {
      return Optional.of(DigitalLink.from(elements).uri());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // no primary key, or an AI a Digital Link cannot carry
    }
  }
}
