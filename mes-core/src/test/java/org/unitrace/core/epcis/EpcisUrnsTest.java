package org.unitrace.core.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EpcisUrnsTest {

  @Test
  void aColonOrSpaceInsideAValueIsEncodedSoThePartsCannotShift() {
    assertThat(Urns.lot("PN:1", "L 7")).isEqualTo("urn:unitrace:lot:PN%3A1:L%207");
    assertThat(Urns.station("AKL", "L1", "ST/2")).isEqualTo("urn:unitrace:loc:AKL:L1:ST%2F2");
  }

  @Test
  void plainSerialsStayReadableAndEveryUrnIsAUri() {
    assertThat(Urns.unit("SN-0001_a.b")).isEqualTo("urn:unitrace:unit:SN-0001_a.b");
    assertThat(URI.create(Urns.unit("Ünit #1")).getScheme()).isEqualTo("urn");
  }

  @Test
  void aUnitOfAProductWithAGtinIsAnSgtinUnlessGs1ForbidsItsSerial() {
    assertThat(Urns.unit("SN-0001", "09506000134352"))
        .isEqualTo("https://id.gs1.org/01/09506000134352/21/SN-0001");
    assertThat(Urns.unit("A/B", "09506000134352"))
        .isEqualTo("https://id.gs1.org/01/09506000134352/21/A%2FB");
    // a space is outside CSET 82, 21 characters are too many for AI (21)
    assertThat(Urns.unit("SN 1", "09506000134352")).isEqualTo("urn:unitrace:unit:SN%201");
    assertThat(Urns.unit("X".repeat(21), "09506000134352")).startsWith("urn:unitrace:unit:");
    assertThat(Urns.unit("SN-0001", null)).isEqualTo("urn:unitrace:unit:SN-0001");
    assertThat(Urns.lot("SEAL-3", "L7", "09506000134369"))
        .isEqualTo("https://id.gs1.org/01/09506000134369/10/L7");
    assertThat(Urns.decode(Urns.encode("PN:1 Ü"))).isEqualTo("PN:1 Ü");
  }
}
