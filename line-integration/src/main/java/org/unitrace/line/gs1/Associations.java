package org.unitrace.line.gs1;

import java.util.List;

/** The dictionary's mandatory associations ({@code req=}) and invalid pairings ({@code ex=}). */
final class Associations {

  private Associations() {}

  static void check(List<Gs1Parser.Located> found) {
    for (Gs1Parser.Located l : found) {
      AiDefinition def = l.def();
      for (String ex : def.excludes()) {
        for (Gs1Parser.Located other : found) {
          String ai = other.def().ai();
          if (!ai.equals(def.ai()) && AiDefinition.matches(ex, ai)) {
            throw new Gs1ParseException(
                def.ai(), l.offset(), "must not appear together with AI (" + ai + ")");
          }
        }
      }
      for (List<String> req : def.requires()) {
        if (req.stream().noneMatch(alternative -> present(alternative, found))) {
          throw new Gs1ParseException(
              def.ai(),
              l.offset(),
              "needs AI " + String.join(" or ", req.stream().map(Associations::show).toList()));
        }
      }
    }
  }

  private static boolean present(String alternative, List<Gs1Parser.Located> found) {
    for (String pattern : alternative.split("\\+")) {
      if (found.stream().noneMatch(l -> AiDefinition.matches(pattern, l.def().ai()))) {
        return false;
      }
    }
    return true;
  }

  private static String show(String alternative) {
    return "(" + alternative.replace("+", ")+(") + ")";
  }
}
