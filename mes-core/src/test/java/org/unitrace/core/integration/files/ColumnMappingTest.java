package org.unitrace.core.integration.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unitrace.core.imports.RowProblem;

class ColumnMappingTest {

  private final ColumnMapping mapping =
      new ColumnMapping(Map.of("serial", "SERIAL_NO", "customer", "Customer, Code"));

  @Test
  void onlyTheHeaderIsRenamedSoEveryRowKeepsItsNumber() {
    byte[] out =
        mapping.apply(
            "ORDER,\"Customer, Code\",serial_no\r\nSO-1,C-1,\"SERIAL_NO\"\r\n"
                .getBytes(StandardCharsets.UTF_8),
            StandardCharsets.UTF_8);

    assertThat(new String(out, StandardCharsets.UTF_8))
        .isEqualTo("ORDER,customer,serial\r\nSO-1,C-1,\"SERIAL_NO\"\r\n");
  }

  @Test
  void aSemicolonFileStaysSemicolonSeparated() {
    byte[] out =
        mapping.apply(
            "SERIAL_NO;qty\nS-1;2\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("serial;qty\nS-1;2\n");
  }

  @Test
  void aFileInTheErpsCharsetIsHandedOnAsUtf8WithoutItsByteOrderMark() {
    Charset latin1 = Charset.forName("windows-1252");
    byte[] out =
        new ColumnMapping(Map.of())
            .apply("\uFEFFserial,note\nS-1,Müller\n".getBytes(latin1), latin1);

    assertThat(new String(out, StandardCharsets.UTF_8)).endsWith("S-1,Müller\n");
  }

  @Test
  void anErrorNamesTheColumnAsTheErpCallsIt() {
    assertThat(mapping.erpName("serial")).isEqualTo("SERIAL_NO");
    assertThat(mapping.erpName("orderNumber")).isEqualTo("orderNumber");
    assertThat(Problem.of(new RowProblem(3, "serial", "unknown unit"), mapping).describe())
        .isEqualTo("row 3, field 'SERIAL_NO' (serial): unknown unit");
  }
}
