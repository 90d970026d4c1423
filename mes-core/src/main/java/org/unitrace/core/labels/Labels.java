package org.unitrace.core.labels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.NotFoundException;

/** Makes the ZPL of unit and shipping labels from their templates, and prints it. */
@Service
@RequiredArgsConstructor
class Labels {

  private final LabelData data;
  private final Templates templates;
  private final LabelPrinters printers;
  private final AuditLog audit;

  /** What was sent: the printer, how many labels, how many bytes. */
  record Printed(String printer, int labels, int bytes) {}

  String unit(String serial) {
    LabelData.Values unit = data.unit(serial);
    LabelTemplate template = templates.find(LabelKind.UNIT, unit.family());
    if (template.placeholders().contains("digitalLink")
        && unit.values().get("digitalLink") == null) {
      throw new LabelRejected(
          ("unit '%s': its product '%s' has no GTIN, and the label template %s prints a"
                  + " Digital Link (${digitalLink}), which needs one; give the product its GTIN")
              .formatted(serial, unit.values().get("partNumber"), template.source()));
    }
    return template.fill(unit.values());
  }

  String packageLabel(String sscc) {
    String problem = ssccProblem(sscc);
    if (problem != null) {
      throw new LabelRejected(problem);
    }
    return packageZpl(data.packageBySscc(sscc));
  }

  /** The shipping label of every package of the shipment, in packing order. */
  List<String> shipment(long id) {
    if (!data.shipmentExists(id)) {
      throw new NotFoundException("shipment", String.valueOf(id));
    }
    List<String> withoutSscc = data.packagesWithoutSscc(id);
    if (!withoutSscc.isEmpty()) {
      throw new LabelRejected(
          "shipment %d: package(s) %s have no SSCC, so no shipping label can be printed for them"
              .formatted(id, String.join(", ", withoutSscc)));
    }
    List<String> labels = new ArrayList<>();
    data.packagesOf(id).forEach(p -> labels.add(packageZpl(p)));
    if (labels.isEmpty()) {
      throw new LabelRejected(
          "shipment %d has no packages (its units were shipped loose): no shipping labels"
              .formatted(id));
    }
    return labels;
  }

  private String packageZpl(Map<String, String> values) {
    return templates.find(LabelKind.PACKAGE, null).fill(values);
  }

  /** Sends the labels as one job; audited with what was printed where. */
  Printed print(String printer, String entityType, String entityId, List<String> labels) {
    printers.find(printer);
    byte[] job =
        String.join("\n", labels.stream().map(String::strip).toList())
            .concat("\n")
            .getBytes(StandardCharsets.UTF_8);
    printers.send(printer, job);
    Printed printed = new Printed(printer, labels.size(), job.length);
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("printer", printer);
    after.put("labels", printed.labels());
    after.put("bytes", printed.bytes());
    audit.record("label.print", entityType, entityId, null, after, null);
    return printed;
  }

  /** Null when the SSCC is 18 digits with a right GS1 check digit, else what is wrong. */
  static String ssccProblem(String sscc) {
    if (sscc == null || !sscc.matches("\\d{18}")) {
      return "SSCC '%s' must be 18 digits".formatted(sscc);
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (sscc.charAt(16 - i) - '0') * (i % 2 == 0 ? 3 : 1);
    }
    int expected = (10 - sum % 10) % 10;
    int actual = sscc.charAt(17) - '0';
    return expected == actual
        ? null
        : "SSCC '%s' has check digit %d, expected %d".formatted(sscc, actual, expected);
  }
}
