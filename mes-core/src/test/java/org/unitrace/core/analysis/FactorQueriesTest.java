package org.unitrace.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unitrace.core.genealogy.WhereUsedQuery;

class FactorQueriesTest {

  @Test
  void aLotFactorIsTheLotsTrace() {
    WhereUsedQuery q =
        FactorQueries.of("SUPPLIER_LOT", Map.of("partNumber", "WIDGET-7", "lot", "L-1"));
    assertThat(q).isInstanceOf(WhereUsedQuery.Lot.class);
    assertThat(q.describe()).isEqualTo("partNumber=WIDGET-7, lot=L-1");
  }

  @Test
  void aTimeWindowIsALineTraceBetweenItsInstants() {
    WhereUsedQuery q =
        FactorQueries.of(
            "TIME_WINDOW",
            Map.of(
                "site", "AKL",
                "line", "L1",
                "from", "2026-11-01T00:00:00Z",
                "to", "2026-11-02T00:00:00Z"));
    assertThat(q)
        .isEqualTo(
            new WhereUsedQuery.LineWindow(
                "AKL",
                "L1",
                null,
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z")));
  }

  @Test
  void aKindThatDoesNotFitItsParametersIsRefused() {
    assertThatThrownBy(
            () -> FactorQueries.of("RUN", Map.of("partNumber", "WIDGET-7", "lot", "L-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a LOT trace, not a RUN factor");
    assertThatThrownBy(() -> FactorQueries.of("MOON_PHASE", Map.of("runId", "R1")))
        .hasMessageContaining("'fromFactor.kind' must be one of");
    assertThatThrownBy(() -> FactorQueries.of("RUN", Map.of()))
        .hasMessageContaining("'fromFactor.parameters' is required");
    assertThatThrownBy(() -> FactorQueries.of("RUN", Map.of("color", "red")))
        .hasMessageContaining("'fromFactor.parameters': unknown parameter 'color'");
  }
}
