package org.unitrace.core.labels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The two labels, their template file names and the placeholders their templates may use. */
enum LabelKind {
  UNIT(
      "unit",
      List.of(
          "serial",
          "gtin",
          "digitalLink",
          "dataMatrix",
          "gs1HumanReadable",
          "partNumber",
          "revision",
          "productName",
          "family",
          "madeAt",
          "madeOn",
          "site",
          "line")),
  PACKAGE(
      "package",
      List.of(
          "sscc",
          "ssccHumanReadable",
          "shipTo.reference",
          "shipTo.name",
          "shipTo.street",
          "shipTo.postalCode",
          "shipTo.city",
          "shipTo.country",
          "shipment.id",
          "shipment.reference",
          "shipment.shippedOn",
          "carrier",
          "trackingRef",
          "package.reference",
          "package.kind",
          "package.number",
          "package.count",
          "package.unitCount"));

  private final String noun;
  private final List<String> placeholders;

  LabelKind(String noun, List<String> placeholders) {
    this.noun = noun;
    this.placeholders = placeholders;
  }

  String noun() {
    return noun;
  }

  String fileName() {
    return noun + ".zpl";
  }

  List<String> placeholders() {
    return placeholders;
  }

  /** Values a template is tried with when loaded: every placeholder, with characters to escape. */
  Map<String, String> sample() {
    Map<String, String> values = new LinkedHashMap<>();
    placeholders.forEach(p -> values.put(p, "Sample ^~_>" + p));
    if (this == UNIT) {
      values.put("dataMatrix", FieldData.FNC1 + "01095060001343522" + "1SAMPLE^~_");
      values.put("digitalLink", "https://id.gs1.org/01/09506000134352/21/SAMPLE");
    } else {
      values.put("sscc", "095060001000000018");
    }
    return values;
  }
}
