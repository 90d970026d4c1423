package org.unitrace.line.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelDecoderTest {

  private final LabelDecoder decoder =
      new LabelDecoder(
          Map.of("09506000134352", "PCB-100"),
          List.of(
              LabelPattern.of("MOTOR-7", "M7-(?<serial>\\d{8})"),
              LabelPattern.of(
                  null, "P(?<part>[A-Z0-9-]+)/L(?<lot>\\w+)/S(?<supplier>\\w+)/Q(?<qty>\\d+)")));

  @Test
  void gs1DataMatrixGivesPartFromTheGtinMap() {
    ScannedLabel l = decoder.decode("]d2" + "0109506000134352" + "10LOT42\u001D21SN9");
    assertThat(l.kind()).isEqualTo(ScannedLabel.Kind.GS1);
    assertThat(l.partNumber()).isEqualTo("PCB-100");
    assertThat(l.lot()).isEqualTo("LOT42");
    assertThat(l.serial()).isEqualTo("SN9");
    assertThat(l.gtin()).isEqualTo("09506000134352");
    assertThat(l.symbology()).isEqualTo("]d2");
  }

  @Test
  void bracketedGs1WithoutIdentifierFallsBackToCustomerPartNumber() {
    ScannedLabel l = decoder.decode("(01)09312345678907(241)CPN-5(30)12");
    assertThat(l.partNumber()).isEqualTo("CPN-5");
    assertThat(l.quantity()).isEqualTo(12L);
  }

  @Test
  void supplierLayoutsMatchByNamedGroups() {
    ScannedLabel motor = decoder.decode("M7-00012345");
    assertThat(motor.kind()).isEqualTo(ScannedLabel.Kind.PATTERN);
    assertThat(motor.partNumber()).isEqualTo("MOTOR-7");
    assertThat(motor.serial()).isEqualTo("00012345");
    ScannedLabel reel = decoder.decode("]C0PRES-10K/LL2201/SACME/Q5000");
    assertThat(reel.partNumber()).isEqualTo("RES-10K");
    assertThat(reel.lot()).isEqualTo("L2201");
    assertThat(reel.supplier()).isEqualTo("ACME");
    assertThat(reel.quantity()).isEqualTo(5000L);
    assertThat(reel.symbology()).isEqualTo("]C0");
  }

  @Test
  void gs1MarkedScanThatIsNotGs1SaysWhy() {
    assertThatThrownBy(() -> decoder.decode("]d2" + "0109506000134353"))
        .isInstanceOf(UnreadableLabelException.class)
        .hasMessage(
            "label ']d20109506000134353' is marked GS1 (]d2) but AI (01) at offset 5: "
                + "check digit 3 is wrong, expected 2");
  }

  @Test
  void unmatchedScanNamesTheLabelAndThePatternsTried() {
    assertThatThrownBy(() -> decoder.decode("XYZ-1"))
        .isInstanceOf(UnreadableLabelException.class)
        .hasMessageStartingWith(
            "label 'XYZ-1' is not GS1 (unknown AI XYZ- at offset 0) and matches none of the 2 label patterns");
  }

  @Test
  void patternWithoutPartNumberOrPartGroupIsRefused() {
    assertThatThrownBy(() -> LabelPattern.of(null, "S(?<serial>\\d+)"))
        .hasMessageContaining("needs a part number or a (?<part>...) group");
  }
}
