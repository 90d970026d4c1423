package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhereUsedQueryTest {

  @Test
  void componentSerialAloneIsATrace() {
    assertThat(parse("componentSerial", " M-1 ", "lot", "").describe())
        .isEqualTo("componentSerial=M-1");
  }

  @Test
  void lotNeedsItsPartNumber() {
    assertThatThrownBy(() -> parse("lot", "LOT-1")).hasMessageContaining("partNumber");
  }

  @Test
  void serialAndLotTogetherAreRefused() {
    assertThatThrownBy(() -> parse("componentSerial", "M-1", "partNumber", "P", "lot", "LOT-1"))
        .hasMessageContaining("either componentSerial, or partNumber and lot");
  }

  @Test
  void nothingToTraceIsRefused() {
    assertThatThrownBy(() -> parse("partNumber", " ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachKindIsRecognisedFromItsParameters() {
    assertThat(parse("partNumber", "W", "lot", "L")).isEqualTo(new WhereUsedQuery.Lot("W", "L"));
    assertThat(parse("partNumber", "W", "lot", "L", "loaded", "true"))
        .isEqualTo(new WhereUsedQuery.LoadedLot("W", "L"));
    assertThat(parse("materialLoadId", "7")).isEqualTo(new WhereUsedQuery.MaterialLoad(7));
    assertThat(parse("supplier", "Acme")).isEqualTo(new WhereUsedQuery.Supplier("Acme", null));
    assertThat(parse("runId", "R1")).isEqualTo(new WhereUsedQuery.Run("R1"));
    assertThat(parse("site", "AKL", "line", "L1", "station", "TEST"))
        .isEqualTo(new WhereUsedQuery.StationWindow("AKL", "L1", "TEST", null, null));
    assertThat(parse("site", "AKL", "line", "L1", "shift", "B"))
        .isEqualTo(new WhereUsedQuery.LineWindow("AKL", "L1", "B", null, null));
    assertThat(parse("partNumber", "S", "serialFrom", "S-1", "serialTo", "S-9"))
        .isEqualTo(new WhereUsedQuery.SerialRange("S", "S-1", "S-9"));
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

  @Test
  void eachKindHasItsNameOnTheWire() {
    assertThat(parse("partNumber", "W", "lot", "L", "loaded", "true").kind())
        .isEqualTo("LOADED_LOT");
    assertThat(parse("site", "AKL", "line", "L1").kind()).isEqualTo("LINE_WINDOW");
  }

  /** Parameters as a request gives them: name, value, ...; values may be blank. */
  private static WhereUsedQuery parse(String... pairs) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      parameters.put(pairs[i], pairs[i + 1]);
    }
    return WhereUsedQuery.parse(parameters);
  }
}
