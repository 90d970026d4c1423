package org.unitrace.core.serial;

/** What an agent asks for: {@code count} numbers of {@code template} in {@code period}. */
record BlockRequest(
    String site, String line, String template, String period, long count, String agentId) {

  BlockRequest {
    require(site, "site");
    require(line, "line");
    require(template, "template");
    require(agentId, "agentId");
    period = period == null ? "" : period;
    if (count < 1) {
      throw new IllegalArgumentException(
          "count must be at least 1 for template " + template + ", got " + count);
    }
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a serial block request needs " + field);
    }
  }
}
