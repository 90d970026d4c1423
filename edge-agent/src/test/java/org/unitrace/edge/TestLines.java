package org.unitrace.edge;

/**
 * What the agent's tests share of their line files: the test broker, the L2 marking line, a line
 * whose core is away.
 */
public final class TestLines {

  /** The broker the tests' stations and agents talk to: {@code UNITRACE_MQTT_URL}, or port 1884. */
  public static final String BROKER =
      System.getenv().getOrDefault("UNITRACE_MQTT_URL", "tcp://127.0.0.1:1884");

  private TestLines() {}

  /**
   * The head of line L2 at AKL, with a core over MQTT and HTTP, serials made from {@code
   * serialTemplate} and PLC plc2: its first station, the marking station MARK, up to its
   * part-present signal. The caller goes on with MARK's other signals, its marking and devices
   * (indented as a station's keys), and the stations after it.
   */
  public static String markingLineHead(String serialTemplate) {
    return """
        site: AKL
        line: L2
        core: { mqtt: { url: tcp://127.0.0.1:1883 }, http: { url: "http://core", token: t } }
        serials: { template: "%s" }
        plcs: { plc2: { endpoint: opc.tcp://127.0.0.1:4841 } }
        stations:
          - id: MARK
            kind: marking
            signals:
              partPresent: { plc: plc2, node: "ns=2;s=MARK.PartPresent" }
        """
        .formatted(serialTemplate);
  }

  /**
   * Line L2 whose only station, MARK, marks run R-1 of CTRL-900 revision B with job DM, with {@code
   * markingOptions} (YAML keys, may be empty) added to its marking, and its marker and verifier on
   * the given channels.
   */
  public static String markingLine(
      String serialTemplate, String markingOptions, String markerChannel, String verifierChannel) {
    return markingLineHead(serialTemplate)
        + """
                marking:
                  runId: R-1
                  partNumber: CTRL-900
                  revision: B
                  job: DM
            %s
                devices:
                  marker: { channel: "%s" }
                  verifier: { channel: "%s" }
            """
            .formatted(markingOptions.indent(6).stripTrailing(), markerChannel, verifierChannel);
  }

  /**
   * The head of line L1 at {@code site} whose core is never reached (the discard port, 9), so every
   * event stays in the outbox at {@code outboxFile}. The caller goes on with more outbox keys, the
   * line's sources and its stations.
   */
  public static String unreachableCoreLineHead(String site, String outboxFile) {
    return """
        site: %s
        line: L1
        core:
          mqtt:
            url: tcp://127.0.0.1:9
        outbox:
          file: %s
        """
        .formatted(site, outboxFile);
  }
}
