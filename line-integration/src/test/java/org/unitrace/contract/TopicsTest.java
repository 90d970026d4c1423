package org.unitrace.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.unitrace.contract.Topics.Address;

class TopicsTest {

  private final Event event = EventSamples.all().get(EventType.StationResult);

  @Test
  void anEventTopicParsesBackToWhereTheEventCameFrom() {
    String topic = Topics.topicOf(event);

    assertThat(topic).isEqualTo("unitrace/v1/plant-1/line.A/leak_test-2/StationResult");
    assertThat(Topics.parse(topic))
        .contains(new Address("plant-1", "line.A", "leak_test-2", "StationResult"));
    assertThat(Topics.parse(topic).orElseThrow().matches(event)).isTrue();
  }

  @Test
  void aTopicKeepsATypeThisBuildDoesNotKnow() {
    assertThat(Topics.parse("unitrace/v1/s/l/st/FutureEvent"))
        .contains(new Address("s", "l", "st", "FutureEvent"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unitrace/v2/s/l/st/RunStarted",
        "other/v1/s/l/st/RunStarted",
        "/unitrace/v1/s/l/st/RunStarted"
      })
  void parseRejectsAnotherRoot(String topic) {
    assertThat(Topics.parse(topic)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unitrace/v1/s/l/RunStarted",
        "unitrace/v1/s/l/st/RunStarted/extra",
        "unitrace/v1/s/l/st/RunStarted/",
        ""
      })
  void parseRejectsTooFewOrTooManyLevels(String topic) {
    assertThat(Topics.parse(topic)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("topicsWithCodesOutsideTheCodeSet")
  void parseRejectsCodesWithCharactersOutsideTheCodeSet(String topic) {
    assertThat(Topics.parse(topic)).isEmpty();
  }

  static List<String> topicsWithCodesOutsideTheCodeSet() {
    return List.of(
        "unitrace/v1/s/l/+/RunStarted",
        "unitrace/v1/s/#/st/RunStarted",
        "unitrace/v1/s p/l/st/RunStarted",
        "unitrace/v1//l/st/RunStarted",
        "unitrace/v1/" + "s".repeat(33) + "/l/st/RunStarted");
  }

  @Test
  void anAddressMatchesOnlyAnEventClaimingTheSamePlaceAndType() {
    assertThat(new Address("plant-1", "line.A", "leak_test-2", "StationResult").matches(event))
        .isTrue();
    assertThat(new Address("plant-2", "line.A", "leak_test-2", "StationResult").matches(event))
        .isFalse();
    assertThat(new Address("plant-1", "line.B", "leak_test-2", "StationResult").matches(event))
        .isFalse();
    assertThat(new Address("plant-1", "line.A", "marker", "StationResult").matches(event))
        .isFalse();
    assertThat(new Address("plant-1", "line.A", "leak_test-2", "MarkVerified").matches(event))
        .isFalse();
  }

  @Test
  void coreSubscribesToEveryEventThroughItsShareGroup() {
    assertThat(Topics.CORE_SHARED_SUBSCRIPTION).isEqualTo("$share/mes-core/unitrace/v1/#");
    assertThat(Topics.coreSubscription("core-b")).isEqualTo("$share/core-b/unitrace/v1/#");
    assertThatIllegalArgumentException().isThrownBy(() -> Topics.coreSubscription("a/b"));
  }

  @Test
  void aLineFilterCoversEverythingOneLinePublishes() {
    assertThat(Topics.lineFilter("plant-1", "line.A")).isEqualTo("unitrace/v1/plant-1/line.A/#");
  }
}
