package org.unitrace.core.shipment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SsccTest {

  @Test
  void theGs1ExampleSsccIsValid() {
    // GS1 General Specifications example: (00) 0 0614141 123456789 0
    assertThat(Sscc.problem("006141411234567890")).isNull();
  }

  @Test
  void aWrongCheckDigitIsNamedWithTheExpectedOne() {
    assertThat(Sscc.problem("006141411234567891"))
        .isEqualTo("SSCC '006141411234567891' has check digit 1, expected 0");
  }

  @Test
  void anythingButEighteenDigitsIsRefused() {
    assertThat(Sscc.problem("10614141123456789")).contains("must be 18 digits, has 17");
    assertThat(Sscc.problem("10614141123456789X")).contains("must be 18 digits");
  }
}
