package org.unitrace.core.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsvTest {

  private static Csv.Table read(String text, Set<String> known) {
    return Csv.read(text.getBytes(StandardCharsets.UTF_8), List.of("a"), known);
  }

  @Test
  void quotedCellsMayHoldSeparatorsQuotesAndLineBreaksAndRowsKnowTheirLine() {
    Csv.Table t = read("\uFEFFA,B\n# a comment\n\"x, \"\"y\"\"\",\"two\nlines\"\n\nlast,\n", null);
    assertThat(t.errors()).isEmpty();
    assertThat(t.rows()).hasSize(2);
    assertThat(t.rows().get(0).get("a")).isEqualTo("x, \"y\"");
    assertThat(t.rows().get(0).get("b")).isEqualTo("two\nlines");
    assertThat(t.rows().get(0).line()).isEqualTo(3);
    assertThat(t.rows().get(1).where()).isEqualTo("row 2 (line 6)");
    assertThat(t.rows().get(1).get("b")).isNull();
  }

  @Test
  void aSemicolonHeaderMakesTheSemicolonTheSeparator() {
    Csv.Table t = read("a;b\r\n1,5;2\r\n", null);
    assertThat(t.rows().get(0).get("a")).isEqualTo("1,5");
    assertThat(t.rows().get(0).get("b")).isEqualTo("2");
  }

  @Test
  void missingUnknownAndRepeatedColumnsTooManyCellsAndAnOpenQuoteAreErrors() {
    Csv.Table t = read("b,c,c\n1,2,3,4\n\"open\n", Set.of("a", "b", "c"));
    assertThat(t.errors())
        .extracting(ImportError::toString)
        .containsExactlyInAnyOrder(
            "line 3: a quoted field starts here and is never closed",
            "line 1, field 'a': required column is missing",
            "line 1, field 'c': column appears twice",
            "row 1 (line 2): 4 cells, but the header names 3 columns");
  }
}
