package org.unitrace.contract;

import java.util.Optional;
import java.util.regex.Pattern;

/** The MQTT topic scheme {@code unitrace/v1/{site}/{line}/{station}/{type}}, in one place. */
public final class Topics {

  public static final String ROOT = "unitrace/v1";

  /** Commands from mes-core to a line's agent: {@code unitrace/command/v1/{site}/{line}/...}. */
  public static final String COMMAND_ROOT = "unitrace/command/v1";

  /** Site, line and station codes: safe as one topic level and in a URL path. */
  public static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  /** The share group mes-core instances join by default. */
  public static final String CORE_SHARE_GROUP = "mes-core";

  /** What mes-core subscribes to: every event, load shared between core instances. */
  public static final String CORE_SHARED_SUBSCRIPTION = coreSubscription(CORE_SHARE_GROUP);

  private Topics() {}

  /**
   * Every event, shared among the members of {@code group}: {@code $share/{group}/unitrace/v1/#}.
   */
  public static String coreSubscription(String group) {
    if (!CODE.matcher(group).matches()) {
      throw new IllegalArgumentException("share group '" + group + "' must match " + CODE);
    }
    return "$share/" + group + "/" + ROOT + "/#";
  }

  /**
   * The retained hold command for one unit: a JSON hold while the unit is held, an empty retained
   * message once released, so an agent that (re)connects learns every hold in force on its line.
   * Characters MQTT gives a meaning ({@code / + #}) are percent-encoded in the serial.
   */
  public static String holdCommand(String site, String line, String serial) {
    String safe =
        serial.replace("%", "%25").replace("/", "%2F").replace("+", "%2B").replace("#", "%23");
    return String.join("/", COMMAND_ROOT, site, line, "hold", safe);
  }

  /**
   * The serial a hold topic is about, percent-decoding what {@link #holdCommand} encoded.
   *
   * @throws IllegalArgumentException when the topic is not a hold topic
   */
  public static String holdSerial(String topic) {
    String[] parts = topic.split("/", -1);
    int n = parts.length;
    if (n < 2 || !parts[n - 2].equals("hold") || !topic.startsWith(COMMAND_ROOT + "/")) {
      throw new IllegalArgumentException("'" + topic + "' is not a hold command topic");
    }
    String safe = parts[n - 1];
    StringBuilder serial = new StringBuilder(safe.length());
    for (int i = 0; i < safe.length(); i++) {
      char c = safe.charAt(i);
      if (c == '%') {
        String hex = i + 3 <= safe.length() ? safe.substring(i + 1, i + 3) : "";
        if (!hex.matches("[0-9A-Fa-f]{2}")) {
          throw new IllegalArgumentException(
              "hold command topic '%s': '%%' at %d is not followed by two hex digits"
                  .formatted(topic, i));
        }
        serial.append((char) Integer.parseInt(hex, 16));
        i += 2;
      } else {
        serial.append(c);
      }
    }
    return serial.toString();
  }

  /** What a line's agent subscribes to for holds. */
  public static String holdCommandFilter(String site, String line) {
    return String.join("/", COMMAND_ROOT, site, line, "hold", "+");
  }

  public static String topicOf(Event event) {
    return topicOf(event.site(), event.line(), event.station(), event.type());
  }

  public static String topicOf(String site, String line, String station, EventType type) {
    return String.join("/", ROOT, site, line, station, type.name());
  }

  /** Everything one line's agent publishes: {@code unitrace/v1/{site}/{line}/#}. */
  public static String lineFilter(String site, String line) {
    return String.join("/", ROOT, site, line, "#");
  }

  /** The parts of an event topic, or empty when the topic is not one. */
  public static Optional<Address> parse(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length != 6 || !(parts[0] + "/" + parts[1]).equals(ROOT)) {
      return Optional.empty();
    }
    for (int i = 2; i < 5; i++) {
      if (!CODE.matcher(parts[i]).matches()) {
        return Optional.empty();
      }
    }
    return Optional.of(new Address(parts[2], parts[3], parts[4], parts[5]));
  }

  /** Where an event topic says it came from; {@code type} as written, known or not. */
  public record Address(String site, String line, String station, String type) {

    /** Whether the event claims the same site, line, station and type as its topic. */
    public boolean matches(Event event) {
      return site.equals(event.site())
          && line.equals(event.line())
          && station.equals(event.station())
          && type.equals(event.type().name());
    }
  }
}
