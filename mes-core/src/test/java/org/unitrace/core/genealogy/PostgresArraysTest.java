package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresArraysTest {

  private static List<String> texts(String literal) {
    return PostgresArrays.texts(literal.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void plainElementsAreSplitAtTheCommas() {
    assertThat(texts("{L1-T0000001,L1-M0000001,L1-C0000001}"))
        .containsExactly("L1-T0000001", "L1-M0000001", "L1-C0000001");
    assertThat(texts("{only}")).containsExactly("only");
    assertThat(texts("{}")).isEmpty();
  }

  @Test
  void quotedElementsKeepWhatPostgresQuotedAndEscaped() {
    // as PostgreSQL 15 prints ARRAY['a b','c"d','e\f','','x,y','{z}','NULL','plain','ä']::text
    assertThat(texts("{\"a b\",\"c\\\"d\",\"e\\\\f\",\"\",\"x,y\",\"{z}\",\"NULL\",plain,ä}"))
        .containsExactly("a b", "c\"d", "e\\f", "", "x,y", "{z}", "NULL", "plain", "ä");
  }

  @Test
  void somethingElseIsRefusedSayingWhat() {
    assertThatThrownBy(() -> texts("[1:2]={a,b}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1:2]={a,b}");
  }
}
