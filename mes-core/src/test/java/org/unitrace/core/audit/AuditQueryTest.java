package org.unitrace.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditQueryTest {

  @Test
  void blankFiltersMeanNoFilter() {
    AuditQuery q = new AuditQuery(" ", "", " station.update ", null, null, null, 10, null);
    assertThat(q.actor()).isNull();
    assertThat(q.action()).isNull();
    assertThat(q.entityType()).isEqualTo("station.update");
  }

  @Test
  void limitOutsideOneToAThousandIsRefusedNamingTheParameter() {
    assertThatThrownBy(() -> AuditQuery.newest(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter 'limit' must be between 1 and 1000 (was: 0)");
    assertThatThrownBy(() -> AuditQuery.newest(1001)).hasMessageContaining("(was: 1001)");
    assertThat(AuditQuery.newest(1000).limit()).isEqualTo(1000);
  }

  @Test
  void fromAfterToIsRefused() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    assertThatThrownBy(() -> new AuditQuery(null, null, null, null, t.plusSeconds(1), t, 100, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'from'");
  }
}
