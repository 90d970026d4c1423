package org.unitrace.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML node that knows its key path, so every value read through it can fail with the path in the
 * message. Strings may hold {@code ${ENV_VAR}} or {@code ${ENV_VAR:default}}, taken from the
 * environment at load time (secrets stay out of the file).
 *
 * @param source the file it was read from, for messages
 * @param path its key path from the root ({@code stations[0].signals}), empty for the root
 * @param node the YAML node; null or missing when the key is absent
 * @param env where {@code ${ENV_VAR}} values come from
 */
record ConfigNode(String source, String path, JsonNode node, Function<String, String> env) {

  private static final Pattern ENV =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  boolean isMissing() {
    return node == null || node.isMissingNode() || node.isNull();
  }

  /** An error about this whole block, with a message that already names its path. */
  ConfigException fail(String message) {
    return new ConfigException(source, "", message);
  }

  ConfigException error(String problem) {
    return new ConfigException(source, path, problem);
  }

  private String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  ConfigNode get(String key) {
    return new ConfigNode(source, childPath(key), isMissing() ? null : node.get(key), env);
  }

  ConfigNode require(String key) {
    ConfigNode child = get(key);
    if (child.isMissing()) {
      throw child.error("is required");
    }
    return child;
  }

  /** Fails on keys this block does not know: a typo must not silently fall back to a default. */
  ConfigNode allowOnly(Set<String> keys) {
    if (isMissing()) {
      return this;
    }
    requireObject();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!keys.contains(key)) {
        throw new ConfigException(
            source,
            childPath(key),
            "unknown key (expected one of " + String.join(", ", keys) + ")");
      }
    }
    return this;
  }

  private void requireObject() {
    if (!node.isObject()) {
      throw error("must be a mapping of keys to values");
    }
  }

  List<ConfigNode> list() {
    if (isMissing()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error("must be a list");
    }
    List<ConfigNode> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(new ConfigNode(source, path + "[" + i + "]", node.get(i), env));
    }
    return items;
  }

  Map<String, ConfigNode> entries() {
    Map<String, ConfigNode> entries = new LinkedHashMap<>();
    if (isMissing()) {
      return entries;
    }
    requireObject();
    node.fields()
        .forEachRemaining(
            e ->
                entries.put(
                    e.getKey(), new ConfigNode(source, childPath(e.getKey()), e.getValue(), env)));
    return entries;
  }

  /** A single value (not a list or a mapping). */
  boolean isValue() {
    return !isMissing() && node.isValueNode();
  }

  String text() {
    if (isMissing()) {
      throw error("is required");
    }
    if (!node.isValueNode()) {
      throw error("must be a single value, not a list or mapping");
    }
    String value = substitute(node.asText());
    if (value.isBlank()) {
      throw error("must not be empty");
    }
    return value.strip();
  }

  /** The value, or {@code fallback} when absent or empty (also after {@code ${VAR:}}). */
  String text(String fallback) {
    if (isMissing()) {
      return fallback;
    }
    if (node.isValueNode() && substitute(node.asText()).isBlank()) {
      return fallback;
    }
    return text();
  }

  private String substitute(String raw) {
    Matcher m = ENV.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null) {
        value = m.group(2);
      }
      if (value == null) {
        throw error("environment variable " + m.group(1) + " is not set (and has no default)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  int integer(int fallback, int min, int max) {
    if (isMissing()) {
      return fallback;
    }
    String text = text();
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw error("must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw error("must be a whole number, was '" + text + "'");
    }
  }

  long longValue(long fallback, long min) {
    if (isMissing()) {
      return fallback;
    }
    String text = text();
    try {
      long value = Long.parseLong(text);
      if (value < min) {
        throw error("must be at least " + min + ", was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw error("must be a whole number, was '" + text + "'");
    }
  }

  double decimal(double fallback, double min, double max) {
    if (isMissing()) {
      return fallback;
    }
    String text = text();
    try {
      double value = Double.parseDouble(text);
      if (value < min || value > max) {
        throw error("must be between " + min + " and " + max + ", was " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw error("must be a number, was '" + text + "'");
    }
  }

  boolean bool(boolean fallback) {
    if (isMissing()) {
      return fallback;
    }
    return switch (text().toLowerCase()) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error("must be true or false, was '" + text() + "'");
    };
  }

  /**
   * {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 90d}; a bare number is milliseconds.
   */
  Duration duration(Duration fallback) {
    if (isMissing()) {
      return fallback;
    }
    String text = text();
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw error("must be a duration such as 250ms, 2s, 5m, 1h or 90d, was '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofMillis(amount);
    };
  }

  <E extends Enum<E>> E oneOf(Class<E> type, String what) {
    String text = text();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase());
    }
    throw error(
        "unknown " + what + " '" + text + "' (expected one of " + String.join(", ", names) + ")");
  }

  List<String> texts() {
    if (isMissing()) {
      return List.of();
    }
    if (node.isValueNode()) {
      return List.of(text());
    }
    List<String> values = new ArrayList<>();
    for (ConfigNode item : list()) {
      values.add(item.text());
    }
    return values;
  }
}
