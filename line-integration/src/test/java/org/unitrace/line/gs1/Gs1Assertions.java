package org.unitrace.line.gs1;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the GS1 parsing tests assert of an input the parser must refuse. */
final class Gs1Assertions {

  private Gs1Assertions() {}

  /**
   * {@code parser} refuses {@code input} with a {@link Gs1ParseException} saying {@code message}.
   */
  static void rejects(Gs1Parser parser, String input, String message) {
    assertThatThrownBy(() -> parser.parse(input))
        .isInstanceOf(Gs1ParseException.class)
        .hasMessage(message);
  }
}
