package org.unitrace.line.device.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.unitrace.line.device.ChannelSettings;
import org.unitrace.line.gs1.SymbologyIdentifier;

class ScanFramesTest {

  private static final String GS1 = "0109506000134352\u001D21SN000123";

  @Test
  void aVerifiedGs1ReadKeepsItsSymbologyGradeAndGroupSeparators() {
    String frame = "]d2" + GS1 + "\tGRADE:B";
    assertThat(ScanFrames.parse(frame))
        .isEqualTo(new ScanResult.Read(GS1, new SymbologyIdentifier("]d2"), "B", frame));
  }

  @Test
  void symbologyAndGradeAreOptional() {
    assertThat(ScanFrames.parse("PLAIN-7"))
        .isEqualTo(new ScanResult.Read("PLAIN-7", null, null, "PLAIN-7"));
    assertThat(ScanFrames.parse("]C1" + GS1))
        .isEqualTo(new ScanResult.Read(GS1, new SymbologyIdentifier("]C1"), null, "]C1" + GS1));
    assertThat(ScanFrames.parse("X\tGRADE:3.5"))
        .isEqualTo(new ScanResult.Read("X", null, "3.5", "X\tGRADE:3.5"));
  }

  @Test
  void noreadEmptyAndIdentifierOnlyFramesAreNoReads() {
    assertThat(ScanFrames.parse("NOREAD"))
        .isEqualTo(new ScanResult.NoRead("scanner reported NOREAD", "NOREAD"));
    assertThat(ScanFrames.parse("")).isEqualTo(new ScanResult.NoRead("empty frame", ""));
    assertThat(ScanFrames.parse("]d2")).isInstanceOf(ScanResult.NoRead.class);
    assertThat(ScanFrames.parse("\tGRADE:A")).isInstanceOf(ScanResult.NoRead.class);
  }

  @Test
  void aGradeNobodyUnderstandsIsANoReadNamingItsOffset() {
    ScanResult r = ScanFrames.parse("]d2ABC\tGRADE:excellent");
    assertThat(r).isInstanceOf(ScanResult.NoRead.class);
    assertThat(((ScanResult.NoRead) r).reason()).contains("'excellent'").contains("offset 13");
  }

  @Test
  void framesAreWrittenAsTheyAreParsed() {
    String frame = ScanFrames.read("]d2", GS1, "A");
    assertThat(frame).isEqualTo("]d2" + GS1 + "\tGRADE:A");
    assertThat(((ScanResult.Read) ScanFrames.parse(frame)).data()).isEqualTo(GS1);
    assertThat(ScanFrames.read(null, "X", null)).isEqualTo("X");
  }

  @Test
  void anUnknownDriverNameListsTheKnownOnes() {
    ChannelSettings settings = ChannelSettings.parse("serial:/dev/ttyS9");
    assertThatThrownBy(() -> ScannerDrivers.create("cognex", settings, ScanMode.TRIGGER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cognex")
        .hasMessageContaining("generic")
        .hasMessageContaining("/dev/ttyS9");
    try (Scanner s = ScannerDrivers.create("generic", settings, ScanMode.CONTINUOUS)) {
      assertThat(s.mode()).isEqualTo(ScanMode.CONTINUOUS);
      assertThat(s.endpoint()).isEqualTo("/dev/ttyS9");
    }
  }
}
