package org.unitrace.edge.config;

/**
 * A line configuration the agent refuses, with the key path of the offending value ({@code
 * stations[2].signals.result.node}) and what is wrong with it, so a plant engineer can fix the file
 * without reading code.
 */
public final class ConfigException extends RuntimeException {

  private final String path;

  public ConfigException(String source, String path, String problem) {
    super(source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    this.path = path;
  }

  /** The key path of the value at fault, empty for the whole file. */
  public String path() {
    return path;
  }
}
