package org.unitrace.line.gs1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** Code lists shipped beside the dictionary: one code a line (first column), '#' comments. */
final class CodeLists {

  private CodeLists() {}

  static Set<String> firstColumn(String resource) {
    try (InputStream in = CodeLists.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource org/unitrace/line/gs1/" + resource + " is missing");
      }
      Set<String> codes = new HashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          codes.add(t.split("\\s+", 2)[0]);
        }
      }
      return Set.copyOf(codes);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
