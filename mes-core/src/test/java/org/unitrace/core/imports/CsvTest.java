package org.unitrace.core.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void quotedFieldsKeepCommasQuotesAndLineBreaks() {
    List<Csv.Row> rows =
        Csv.parse(
            "serial,note\r\nA1,\"left, then \"\"right\"\"\"\r\nA2,\"two\nlines\"\r\n",
            List.of("serial"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("note")).isEqualTo("left, then \"right\"");
    assertThat(rows.get(1).number()).isEqualTo(3);
    assertThat(rows.get(1).get("note")).isEqualTo("two\nlines");
  }

  @Test
  void rowsAreNumberedAsASpreadsheetShowsThemAndEmptyFieldsReadAsNull() {
    List<Csv.Row> rows = Csv.parse("\uFEFFserial,from,to\nA1,,B\n\nA2,X,B", List.of("serial"));
    assertThat(rows).extracting(Csv.Row::number).containsExactly(2, 4);
    assertThat(rows.get(0).get("from")).isNull();
  }

  @Test
  void aMissingColumnAndATooLongRowAreNamedByRow() {
    assertThatThrownBy(() -> Csv.parse("serial,to\nA1,B,C\n", List.of("serial", "from")))
        .isInstanceOf(ImportRejected.class)
        .hasMessageContaining("row 1, field 'from': the header has no column 'from'")
        .hasMessageContaining("row 2: 3 fields, the header has 2 columns");
  }

  @Test
  void writtenCsvReadsBackTheSame() {
    String text =
        Csv.write(
            List.of("a", "b"),
            List.of(Arrays.asList("x,y", "say \"hi\""), Arrays.asList(null, "z")));
    List<Csv.Row> rows = Csv.parse(text, List.of("a", "b"));
    assertThat(rows.get(0).get("a")).isEqualTo("x,y");
    assertThat(rows.get(0).get("b")).isEqualTo("say \"hi\"");
    assertThat(rows.get(1).get("a")).isNull();
  }
}
