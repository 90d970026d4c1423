package org.unitrace.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchResultTest {

  @Test
  void theCoresAnswerReadsAsOneResultPerPostedEvent() throws IOException {
    UUID id = UUID.fromString("0190d6c4-1b2a-7000-8000-000000000001");
    List<BatchResult> results =
        BatchResult.decode(
            """
            [{"index":0,"status":"stored","eventId":"%s","reason":null,"path":null},
             {"index":1,"status":"rejected","eventId":null,"reason":"not JSON","path":"$",
              "addedLater":true}]
            """
                .formatted(id));
    assertThat(results)
        .containsExactly(
            new BatchResult(0, BatchResult.Status.stored, id, null, null),
            new BatchResult(1, BatchResult.Status.rejected, null, "not JSON", "$"));
  }

  @Test
  void anAnswerThatIsNotAnArrayIsRefused() {
    assertThatThrownBy(() -> BatchResult.decode("{\"index\":0}")).isInstanceOf(IOException.class);
  }
}
