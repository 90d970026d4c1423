package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WhereUsedQueryTest {

  @Test
  void componentSerialAloneIsATrace() {
    assertThat(new WhereUsedQuery(" M-1 ", null, "").describe()).isEqualTo("componentSerial=M-1");
  }

  @Test
  void lotNeedsItsPartNumber() {
    assertThatThrownBy(() -> new WhereUsedQuery(null, null, "LOT-1"))
        .hasMessageContaining("partNumber");
  }

  @Test
  void serialAndLotTogetherAreRefused() {
    assertThatThrownBy(() -> new WhereUsedQuery("M-1", "P", "LOT-1"))
        .hasMessageContaining("either componentSerial, or partNumber and lot");
  }

  @Test
  void nothingToTraceIsRefused() {
    assertThatThrownBy(() -> new WhereUsedQuery(null, " ", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
