package org.unitrace.core.integration.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class InboundFilesTest {

  @Test
  void aDatabaseAwayLeavesTheFileForTheNextPoll() {
    assertThat(InboundFiles.passing(new CannotGetJdbcConnectionException("pool empty"))).isTrue();
    assertThat(InboundFiles.passing(new CannotCreateTransactionException("no connection")))
        .isTrue();
    assertThat(
            InboundFiles.passing(
                new IllegalStateException(new SQLTransientConnectionException("timeout"))))
        .isTrue();
  }

  @Test
  void aFailureOfTheImportItselfIsTheFilesToReport() {
    assertThat(InboundFiles.passing(new IllegalStateException("a bug"))).isFalse();
    assertThat(InboundFiles.passing(new NullPointerException())).isFalse();
  }

  @Test
  void theContentHashIsTheHexOfItsSha256() {
    assertThat(InboundFiles.sha256(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
