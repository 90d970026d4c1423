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
}
