package org.unitrace.line.gs1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GS1 Barcode Syntax Dictionary, read at runtime so a new GS1 release is a resource swap. Each
 * line reads {@code AIs [Flags] Specification [Attributes...] [# Title]}; ranges such as {@code
 * 3100-3105} become one definition per AI.
 */
public final class Gs1SyntaxDictionary {

  static final String RESOURCE = "gs1-syntax-dictionary.txt";
  private static final String FLAG_CHARS = "*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~";
  private static volatile Gs1SyntaxDictionary standard;

  private final Map<String, AiDefinition> definitions;

  private Gs1SyntaxDictionary(Map<String, AiDefinition> definitions) {
    this.definitions = Collections.unmodifiableMap(definitions);
  }

  /** The dictionary shipped with this library. */
  public static Gs1SyntaxDictionary standard() {
    Gs1SyntaxDictionary d = standard;
    if (d == null) {
      try (InputStream in = Gs1SyntaxDictionary.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "resource org/unitrace/line/gs1/" + RESOURCE + " is missing");
        }
        d = read(in, RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      standard = d;
    }
    return d;
  }

  /** Reads a dictionary in the GS1 format; {@code source} names it in errors. */
  public static Gs1SyntaxDictionary read(InputStream in, String source) throws IOException {
    Map<String, AiDefinition> defs = new LinkedHashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      try {
        for (AiDefinition def : parseLine(trimmed)) {
          defs.put(def.ai(), def);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            source + " line " + number + ": cannot read entry '" + trimmed + "': " + e.getMessage(),
            e);
      }
    }
    return new Gs1SyntaxDictionary(defs);
  }

  static List<AiDefinition> parseLine(String line) {
    int hash = line.indexOf('#');
    String title = hash < 0 ? "" : line.substring(hash + 1).strip();
    String[] tokens = (hash < 0 ? line : line.substring(0, hash)).strip().split("\\s+");
    int i = 0;
    String ais = tokens[i++];
    boolean predefined = false;
    boolean dlDataAttribute = false;
    if (i < tokens.length && isFlags(tokens[i])) {
      predefined = tokens[i].indexOf('*') >= 0;
      dlDataAttribute = tokens[i++].indexOf('?') >= 0;
    }
    List<Component> components = new ArrayList<>();
    while (i < tokens.length && isComponent(tokens[i])) {
      components.add(Component.parse(tokens[i++]));
    }
    if (components.isEmpty()) {
      throw new IllegalArgumentException("no specification");
    }
    List<List<String>> requires = new ArrayList<>();
    List<String> excludes = new ArrayList<>();
    List<List<String>> dlQualifiers = new ArrayList<>();
    for (; i < tokens.length; i++) {
      if (tokens[i].equals("dlpkey")) {
        dlQualifiers.add(List.of());
      } else if (tokens[i].startsWith("dlpkey=")) {
        for (String alternative : tokens[i].substring(7).split("\\|")) {
          dlQualifiers.add(List.of(alternative.split(",")));
        }
      }
      if (tokens[i].startsWith("req=")) {
        requires.add(List.of(tokens[i].substring(4).split(",")));
      } else if (tokens[i].startsWith("ex=")) {
        excludes.addAll(List.of(tokens[i].substring(3).split(",")));
      }
    }
    List<AiDefinition> out = new ArrayList<>();
    String[] range = ais.split("-");
    int first = Integer.parseInt(range[0]);
    int last = range.length == 1 ? first : Integer.parseInt(range[1]);
    for (int n = first; n <= last; n++) {
      String ai = String.format("%0" + range[0].length() + "d", n);
      out.add(
          new AiDefinition(
              ai,
              predefined,
              components,
              requires,
              excludes,
              title,
              dlDataAttribute,
              dlQualifiers));
    }
    return out;
  }

  private static boolean isFlags(String token) {
    return token.chars().allMatch(c -> FLAG_CHARS.indexOf(c) >= 0);
  }

  private static boolean isComponent(String token) {
    return token.matches("\\[?[NXYZ](\\.\\.)?\\d+]?(,\\w+)*");
  }

  /** The definition of {@code ai}, if the dictionary knows it. */
  Optional<AiDefinition> definition(String ai) {
    return Optional.ofNullable(definitions.get(ai));
  }

  /** Whether the dictionary defines {@code ai}. */
  public boolean knows(String ai) {
    return definitions.containsKey(ai);
  }

  /** The title of {@code ai} ("BATCH/LOT"), empty when unknown. */
  public String title(String ai) {
    AiDefinition d = definitions.get(ai);
    return d == null ? "" : d.title();
  }

  Collection<AiDefinition> definitions() {
    return definitions.values();
  }
}
