package org.unitrace.core.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The executable jars the build made in a sibling module's {@code target/}, whatever the version,
 * for tests that run an agent, a probe or the demo as a process of its own.
 */
public final class BuiltJars {

  private BuiltJars() {}

  /**
   * {@code ../<module>/target/<module>-<version>-<classifier>.jar}, seen from the module under
   * test.
   */
  public static Path of(String module, String classifier) throws IOException {
    Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
    String pattern = Pattern.quote(module) + "-.*-" + classifier + "\\.jar";
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches(pattern))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no "
                          + module
                          + " "
                          + classifier
                          + " jar in "
                          + target
                          + ": build it first"));
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(target + " does not exist: build " + module + " first", e);
    }
  }
}
