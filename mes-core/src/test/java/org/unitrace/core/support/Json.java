package org.unitrace.core.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads lists out of the API's JSON answers, as the tests compare them. */
public final class Json {

  private Json() {}

  /** The text of {@code field} in each element of {@code array}. */
  public static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.path(field).asText()));
    return texts;
  }

  /** The text of {@code field} in each element of {@code array} whose {@code flag} is true. */
  public static List<String> textsWhere(JsonNode array, String flag, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(
        element -> {
          if (element.path(flag).asBoolean()) {
            texts.add(element.path(field).asText());
          }
        });
    return texts;
  }
}
