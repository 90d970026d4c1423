package org.unitrace.edge.station;

import java.math.BigDecimal;

/** Raw signal values as PLCs and JSON deliver them (numbers of any width, booleans, text). */
final class Values {

  private Values() {}

  /** The value as text for code tables: {@code 2.0} reads as {@code 2}, null as null. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      BigDecimal d = new BigDecimal(value.toString());
      try {
        return d.toBigIntegerExact().toString();
      } catch (ArithmeticException e) {
        return d.stripTrailingZeros().toPlainString();
      }
    }
    String text = value.toString().strip();
    return text.isEmpty() ? null : text;
  }

  /** A counter value, or null when it is not a whole number. */
  static Long counter(Object value) {
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) ? n.longValue() : null;
    }
    try {
      return value == null ? null : Long.parseLong(value.toString().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean truthy(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    String text = text(value);
    return text != null && (text.equalsIgnoreCase("true") || text.equals("1"));
  }

  /** A process value the event contract can carry: a number, a boolean or short text. */
  static Object processValue(Object value) {
    if (value instanceof Number || value instanceof Boolean) {
      return value instanceof BigDecimal || value instanceof Double || value instanceof Float
          ? ((Number) value).doubleValue()
          : value instanceof Boolean ? value : ((Number) value).longValue();
    }
    String text = text(value);
    if (text == null) {
      return null;
    }
    return text.length() > 500 ? text.substring(0, 500) : text;
  }
}
