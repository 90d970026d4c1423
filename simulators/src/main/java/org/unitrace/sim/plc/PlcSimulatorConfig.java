package org.unitrace.sim.plc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How the simulated PLC is reached and what it holds.
 *
 * @param port 0 picks a free port at the first start; a restart keeps it
 * @param users username to password; empty allows anonymous sessions
 * @param autoTrustClients accept any client certificate (tests); otherwise clients must be in
 *     {@code pkiDir/trusted/certs}
 */
public record PlcSimulatorConfig(
    String host,
    int port,
    String path,
    String namespaceUri,
    String line,
    List<StationSpec> stations,
    boolean allowNone,
    boolean allowSign,
    boolean allowSignAndEncrypt,
    Map<String, String> users,
    Path pkiDir,
    boolean autoTrustClients) {

  private static final String PATH = "/plc";
  private static final String NAMESPACE_URI = "urn:unitrace:sim:plc";

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults: 127.0.0.1, a free port, /plc, urn:unitrace:sim:plc, line L1, all security modes,
   * client certificates checked against the trust list. The canonical constructor sets what the
   * builder does not.
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String line = "L1";
    private List<StationSpec> stations = List.of();
    private boolean allowNone = true;
    private boolean allowSign = true;
    private boolean allowSignAndEncrypt = true;
    private Map<String, String> users = Map.of();
    private Path pkiDir = Path.of("target/plc-pki");

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder line(String v) {
      line = v;
      return this;
    }

    public Builder stations(List<StationSpec> v) {
      stations = List.copyOf(v);
      return this;
    }

    public Builder security(boolean none, boolean sign, boolean signAndEncrypt) {
      allowNone = none;
      allowSign = sign;
      allowSignAndEncrypt = signAndEncrypt;
      return this;
    }

    public Builder users(Map<String, String> v) {
      users = Map.copyOf(v);
      return this;
    }

    public Builder pkiDir(Path v) {
      pkiDir = v;
      return this;
    }

    public PlcSimulatorConfig build() {
      if (stations.isEmpty()) {
        throw new IllegalArgumentException("a simulated PLC needs at least one station");
      }
      return new PlcSimulatorConfig(
          host,
          port,
          PATH,
          NAMESPACE_URI,
          line,
          stations,
          allowNone,
          allowSign,
          allowSignAndEncrypt,
          users,
          pkiDir,
          false);
    }
  }
}
