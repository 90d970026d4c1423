package org.unitrace.core.system;

/** What every request field goes through before it is checked or stored. */
public final class Text {

  private Text() {}

  /** {@code s} stripped, or null when it is missing or blank: " " means "not given". */
  public static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
