package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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

  @Test
  void eachKindIsRecognisedFromItsParameters() {
    assertThat(kind(Map.of("partNumber", "W", "lot", "L"))).isEqualTo(WhereUsedQuery.Kind.LOT);
    assertThat(kind(Map.of("partNumber", "W", "lot", "L", "loaded", "true")))
        .isEqualTo(WhereUsedQuery.Kind.LOADED_LOT);
    assertThat(kind(Map.of("materialLoadId", "7"))).isEqualTo(WhereUsedQuery.Kind.MATERIAL_LOAD);
    assertThat(kind(Map.of("supplier", "Acme"))).isEqualTo(WhereUsedQuery.Kind.SUPPLIER);
    assertThat(kind(Map.of("runId", "R1"))).isEqualTo(WhereUsedQuery.Kind.RUN);
    assertThat(kind(Map.of("site", "AKL", "line", "L1", "station", "TEST")))
        .isEqualTo(WhereUsedQuery.Kind.STATION_WINDOW);
    assertThat(kind(Map.of("site", "AKL", "line", "L1", "shift", "B")))
        .isEqualTo(WhereUsedQuery.Kind.LINE_WINDOW);
    assertThat(kind(Map.of("partNumber", "S", "serialFrom", "S-1", "serialTo", "S-9")))
        .isEqualTo(WhereUsedQuery.Kind.SERIAL_RANGE);
  }

  @Test
  void aQueryReadsBackFromItsOwnQueryString() {
    WhereUsedQuery q =
        WhereUsedQuery.parse(
            Map.of(
                "site", "AKL",
                "line", "L 1",
                "station", "TEST",
                "from", "2026-10-01T06:00:00Z",
                "to", "2026-10-01T14:00:00Z"));
    assertThat(q.toQueryString())
        .isEqualTo(
            "site=AKL&line=L+1&station=TEST&from=2026-10-01T06%3A00%3A00Z"
                + "&to=2026-10-01T14%3A00%3A00Z");
    assertThat(WhereUsedQuery.parse(q.asParameters())).isEqualTo(q);
  }

  @Test
  void aParameterThatDoesNotFitTheKindIsNamed() {
    assertThatThrownBy(() -> WhereUsedQuery.parse(Map.of("runId", "R1", "shift", "A")))
        .hasMessageContaining("give either")
        .hasMessageContaining("runId");
    assertThatThrownBy(() -> WhereUsedQuery.parse(Map.of("runId", "R1", "from", "x")))
        .hasMessageContaining("parameter 'from' does not go with a run trace");
    assertThatThrownBy(() -> WhereUsedQuery.parse(Map.of("componentSerial", "M", "loaded", "1")))
        .hasMessageContaining("'loaded'");
  }

  @Test
  void aWindowMustEndAfterItStarts() {
    assertThatThrownBy(
            () ->
                WhereUsedQuery.parse(
                    Map.of(
                        "site", "AKL",
                        "line", "L1",
                        "from", "2026-10-02T00:00:00Z",
                        "to", "2026-10-01T00:00:00Z")))
        .hasMessageContaining("'from'")
        .hasMessageContaining("'to'");
  }

  @Test
  void unknownParametersAreNamed() {
    assertThatThrownBy(() -> WhereUsedQuery.parse(Map.of("lots", "L")))
        .hasMessageContaining("unknown parameter 'lots'");
  }

  private static WhereUsedQuery.Kind kind(Map<String, String> parameters) {
    return WhereUsedQuery.parse(parameters).kind();
  }
}
