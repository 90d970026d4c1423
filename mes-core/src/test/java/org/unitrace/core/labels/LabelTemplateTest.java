package org.unitrace.core.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BarcodeFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates load, refuse what they cannot print, escape values, and draw what ZXing reads back. */
class LabelTemplateTest {

  private static final String UNIT =
      """
      ^XA
      ^PW480
      ^LL320
      ^FO24,24^BXN,6,200,,,,_^FD${dataMatrix}^FS
      ^FO200,28^A0N,30,26^FH^FD${productName}^FS
      ^XZ
      """;

  @Test
  void aGs1DataMatrixDecodesBackToTheElementStringWithItsFnc1() {
    LabelTemplate t = LabelTemplate.load("unit.zpl", LabelKind.UNIT, UNIT);
    String zpl =
        t.fill(
            Map.of(
                "dataMatrix",
                FieldData.FNC1 + "0109506000134352" + "21AB^C~D_E",
                "productName",
                "P"));
    assertThat(zpl).contains("^FD_10109506000134352" + "21AB_d094C_d126D_d095E^FS");
    LabelDecoding.Read read =
        LabelDecoding.read(ZplPreview.draw(zpl).image(), BarcodeFormat.DATA_MATRIX);
    // ZXing reports the leading FNC1 as GS in the text, and as ]d2 (GS1 DataMatrix)
    assertThat(read.text()).isEqualTo(FieldData.FNC1 + "010950600013435221AB^C~D_E");
    assertThat(read.symbology()).isEqualTo("]d2");
  }

  @Test
  void aPlainSerialIsAPlainDataMatrix() {
    LabelTemplate t = LabelTemplate.load("unit.zpl", LabelKind.UNIT, UNIT);
    String zpl = t.fill(Map.of("dataMatrix", "SN-0001", "productName", "P"));
    LabelDecoding.Read read =
        LabelDecoding.read(ZplPreview.draw(zpl).image(), BarcodeFormat.DATA_MATRIX);
    assertThat(read.text()).isEqualTo("SN-0001");
    assertThat(read.symbology()).isEqualTo("]d1");
  }

  @Test
  void valuesWithCaretsAndTildesCannotBreakAField() {
    LabelTemplate t = LabelTemplate.load("unit.zpl", LabelKind.UNIT, UNIT);
    String zpl = t.fill(Map.of("dataMatrix", "S", "productName", "Pump ^XZ~JA_x é"));
    assertThat(zpl).contains("^FDPump _5EXZ_7EJA_5Fx _C3_A9^FS");
    assertThat(ZplPreview.draw(zpl).symbols()).hasSize(1);
  }

  @Test
  void theShippedShippingLabelCarriesTheSsccAsGs1128() {
    LabelTemplate t = new Templates(properties()).find(LabelKind.PACKAGE, null);
    Map<String, String> values = new HashMap<>(LabelKind.PACKAGE.sample());
    values.put("sscc", "376123450000000014".substring(0, 17) + "3");
    String zpl = t.fill(values);
    assertThat(zpl).contains(">;>800" + values.get("sscc"));
    LabelDecoding.Read read =
        LabelDecoding.read(ZplPreview.draw(zpl).image(), BarcodeFormat.CODE_128);
    assertThat(read.text()).isEqualTo("00" + values.get("sscc"));
    assertThat(read.symbology()).isEqualTo("]C1");
  }

  @Test
  void aDigitalLinkQrCodeDecodesBackToItsUri() {
    LabelTemplate t =
        LabelTemplate.load(
            "pumps/unit.zpl",
            LabelKind.UNIT,
            "^XA^PW480^LL320^FO20,20^BQN,2,5^FH^FDQA,${digitalLink}^FS^XZ");
    String uri = "https://id.gs1.org/01/09506000134352/21/A%2FB%5E1";
    String zpl = t.fill(Map.of("digitalLink", uri));
    assertThat(LabelDecoding.read(ZplPreview.draw(zpl).image(), BarcodeFormat.QR_CODE).text())
        .isEqualTo(uri);
  }

  @Test
  void anUnknownPlaceholderIsRefusedWithItsFileAndLine() {
    assertThatThrownBy(
            () ->
                LabelTemplate.load(
                    "pumps/unit.zpl",
                    LabelKind.UNIT,
                    "^XA\n^PW480\n^LL320\n^FO1,1^FH^FD${serial} ${colour}^FS\n^XZ\n"))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(
            "label template pumps/unit.zpl, line 4: unknown placeholder ${colour}");
  }

  @Test
  void aPlaceholderInAFieldWithoutFhIsRefused() {
    assertThatThrownBy(
            () ->
                LabelTemplate.load(
                    "default/unit.zpl",
                    LabelKind.UNIT,
                    "^XA\n^PW480\n^LL320\n\n^FO1,1^FD${serial}^FS\n^XZ\n"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("line 5: ${serial} in a field without ^FH");
  }

  @Test
  void aCommandThePreviewCannotDrawIsRefusedAtLoad() {
    assertThatThrownBy(
            () ->
                LabelTemplate.load(
                    "default/package.zpl",
                    LabelKind.PACKAGE,
                    "^XA\n^PW480\n^LL320\n^FO1,1^B3N,N,100^FDX^FS\n^XZ\n"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("line 4: ^B3 is not a command this system prints");
  }

  @Test
  void aShippingPlaceholderOnAUnitLabelIsUnknown() {
    assertThatThrownBy(
            () ->
                LabelTemplate.load(
                    "u.zpl", LabelKind.UNIT, "^XA^PW480^LL320^FO1,1^FH^FD${sscc}^FS^XZ"))
        .hasMessageContaining("unknown placeholder ${sscc}");
  }

  private static LabelProperties properties() {
    return new LabelProperties(
        null, "https://id.gs1.org", 203, Duration.ofSeconds(3), Duration.ofSeconds(5), null);
  }
}
