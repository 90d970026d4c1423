package org.unitrace.core.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves the validator set-up: the standard's own examples pass, a broken one does not. */
class EpcisSchemaTest {

  private final EpcisValidator validator = new EpcisValidator();

  /** The standard's own examples of each event type Unitrace writes. */
  static List<String> examples() {
    return List.of(
        "Example_9.6.1-ObjectEvent.jsonld",
        "Example_9.6.3-AggregationEvent.jsonld",
        "Example_9.6.4-TransformationEvent.jsonld");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void theStandardsOwnExamplesAreValid(String example) {
    assertThat(validator.violations(EpcisValidator.read("/epcis/examples/" + example))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void anExampleWhoseEventsLoseTheirTimeIsRejected(String example) {
    JsonNode document = EpcisValidator.read("/epcis/examples/" + example);
    ((ObjectNode) document.path("epcisBody").path("eventList").get(0)).remove("eventTime");
    assertThat(validator.violations(document)).isNotEmpty();
  }
}
