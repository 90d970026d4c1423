package org.unitrace.line.device;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.unitrace.line.device.SerialSettings.FlowControl;
import org.unitrace.line.device.SerialSettings.Parity;
import org.unitrace.line.device.SerialSettings.StopBits;

/** Parses channel URIs; every error names the URI and the key at fault. */
final class ChannelUri {

  private static final Set<String> SERIAL_KEYS =
      Set.of("baud", "dataBits", "parity", "stopBits", "flow", "framing");
  private static final Set<String> TCP_KEYS = Set.of("framing", "connectTimeout");

  private ChannelUri() {}

  static ChannelSettings parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("channel URI is empty");
    }
    String trimmed = uri.trim();
    int q = trimmed.indexOf('?');
    String base = q < 0 ? trimmed : trimmed.substring(0, q);
    Map<String, String> params = query(uri, q < 0 ? "" : trimmed.substring(q + 1));
    if (base.startsWith("serial:")) {
      return serial(uri, base.substring("serial:".length()), params);
    }
    if (base.startsWith("tcp://")) {
      return tcp(uri, base.substring("tcp://".length()), params);
    }
    throw new IllegalArgumentException(
        "channel '" + uri + "': scheme is not serial: or tcp:// (e.g. serial:/dev/ttyUSB0)");
  }

  private static SerialSettings serial(String uri, String path, Map<String, String> p) {
    checkKeys(uri, p, SERIAL_KEYS);
    String port = path.startsWith("//") ? path.substring(2) : path;
    if (port.isBlank()) {
      throw new IllegalArgumentException("channel '" + uri + "': serial port path is empty");
    }
    SerialSettings d = SerialSettings.of(port);
    try {
      return new SerialSettings(
          port,
          intValue(uri, p, "baud", d.baud()),
          intValue(uri, p, "dataBits", d.dataBits()),
          value(uri, p, "parity", d.parity(), v -> Parity.valueOf(upper(v))),
          value(uri, p, "stopBits", d.stopBits(), ChannelUri::stopBits),
          value(uri, p, "flow", d.flow(), v -> FlowControl.valueOf(upper(v))),
          value(uri, p, "framing", d.framing(), Framing::of));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("channel '")
          ? e
          : new IllegalArgumentException("channel '" + uri + "': " + e.getMessage(), e);
    }
  }

  private static TcpSettings tcp(String uri, String hostPort, Map<String, String> p) {
    checkKeys(uri, p, TCP_KEYS);
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException(
          "channel '" + uri + "': expected tcp://host:port, got '" + hostPort + "'");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "channel '" + uri + "': port '" + hostPort.substring(colon + 1) + "' is not a number");
    }
    try {
      return new TcpSettings(
          host,
          port,
          value(uri, p, "framing", Framing.CRLF, Framing::of),
          value(
              uri, p, "connectTimeout", ChannelSettings.DEFAULT_CONNECT_TIMEOUT, Durations::parse));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("channel '")
          ? e
          : new IllegalArgumentException("channel '" + uri + "': " + e.getMessage(), e);
    }
  }

  private static Map<String, String> query(String uri, String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "channel '" + uri + "': parameter '" + pair + "' is not key=value");
      }
      String key = pair.substring(0, eq);
      if (params.put(key, pair.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("channel '" + uri + "': key '" + key + "' repeats");
      }
    }
    return params;
  }

  private static void checkKeys(String uri, Map<String, String> params, Set<String> allowed) {
    for (String key : params.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            "channel '" + uri + "': unknown key '" + key + "' (allowed: " + allowed + ")");
      }
    }
  }

  private static int intValue(String uri, Map<String, String> p, String key, int fallback) {
    return value(uri, p, key, fallback, Integer::parseInt);
  }

  private static <T> T value(
      String uri, Map<String, String> p, String key, T fallback, Parser<T> parser) {
    String raw = p.get(key);
    if (raw == null) {
      return fallback;
    }
    try {
      return parser.parse(raw);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "channel '" + uri + "': " + key + " '" + raw + "' is not valid", e);
    }
  }

  private static StopBits stopBits(String v) {
    for (StopBits s : StopBits.values()) {
      if (s.key().equals(v)) {
        return s;
      }
    }
    throw new IllegalArgumentException("stopBits must be 1, 1.5 or 2");
  }

  private static String upper(String v) {
    return v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private interface Parser<T> {
    T parse(String raw);
  }

  /** Durations as plant engineers write them: {@code 500ms}, {@code 3s}, {@code PT3S}. */
  static final class Durations {
    private Durations() {}

    static Duration parse(String raw) {
      String v = raw.trim().toLowerCase(Locale.ROOT);
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s") && !v.startsWith("p")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      }
      return Duration.parse(raw.trim());
    }
  }
}
