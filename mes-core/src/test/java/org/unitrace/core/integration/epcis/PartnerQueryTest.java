package org.unitrace.core.integration.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

class PartnerQueryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode shipping =
      json(
          """
          {"type":"ObjectEvent","eventID":"urn:uuid:1","eventTime":"2026-12-01T10:00:00Z",
           "epcList":["https://id.gs1.org/00/006141411234567890","urn:unitrace:unit:A-1"],
           "action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",
           "readPoint":{"id":"urn:unitrace:location:WH1"}}
          """);
  private final JsonNode packing =
      json(
          """
          {"type":"AggregationEvent","eventID":"urn:uuid:2","eventTime":"2026-12-01T10:00:00Z",
           "parentID":"https://id.gs1.org/00/006141411234567890",
           "childEPCs":["urn:unitrace:unit:A-2"],"action":"ADD","bizStep":"packing"}
          """);

  @Test
  void bizStepsMatchAsBareWordsUrnsOrWebUris() {
    assertThat(matches("EQ_bizStep", "shipping", shipping)).isTrue();
    assertThat(matches("EQ_bizStep", "urn:epcglobal:cbv:bizstep:shipping", shipping)).isTrue();
    assertThat(matches("EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-shipping", shipping))
        .isTrue();
    assertThat(matches("EQ_bizStep", "receiving|packing", shipping)).isFalse();
    assertThat(matches("EQ_disposition", "in_transit", packing)).as("no disposition").isFalse();
  }

  @Test
  void epcsMatchExactlyOrByPattern() {
    assertThat(matches("MATCH_epc", "urn:unitrace:unit:A-1", shipping)).isTrue();
    assertThat(matches("MATCH_epc", "urn:unitrace:unit:A-2", packing)).as("childEPCs").isTrue();
    assertThat(matches("MATCH_epc", "urn:unitrace:unit:A", shipping)).isFalse();
    assertThat(matches("MATCH_epc", "urn:unitrace:unit:*", shipping)).isTrue();
    assertThat(matches("MATCH_parentID", "https://id.gs1.org/00/006141411234567890", shipping))
        .isFalse();
    assertThat(matches("MATCH_anyEPC", "https://id.gs1.org/00/0061414*", packing)).isTrue();
    assertThat(
            PartnerQuery.epcPattern("urn:epc:idpat:sgtin:0614141.107346.*")
                .matcher("urn:epc:id:sgtin:0614141.107346.2017")
                .matches())
        .isTrue();
  }

  @Test
  void timesAreComparedAsInstantsWithTheirOffsets() {
    assertThat(matches("GE_eventTime", "2026-12-01T12:00:00+02:00", shipping)).isTrue();
    assertThat(matches("LT_eventTime", "2026-12-01T12:00:00+02:00", shipping)).isFalse();
  }

  @Test
  void anUnknownParameterOrABadValueIsNamed() {
    assertThatThrownBy(() -> PartnerQuery.parse(params("EQ_colour", "red")))
        .isInstanceOf(PartnerQuery.QueryParameterException.class)
        .hasMessageContaining("'EQ_colour'");
    assertThatThrownBy(() -> PartnerQuery.parse(params("perPage", "0")))
        .hasMessageContaining("perPage");
    assertThatThrownBy(() -> PartnerQuery.parse(params("LT_recordTime", "2026-12-01")))
        .hasMessageContaining("LT_recordTime", "2026-12-01");
    assertThat(PartnerQuery.parse(params("perPage", "999999")).perPage())
        .isEqualTo(PartnerQuery.MAX_PER_PAGE);
  }

  @Test
  void aPageTokenRoundTripsAndBelongsToItsQuery() {
    Instant t = Instant.parse("2026-12-01T10:00:00.123456Z");
    String fp = PartnerQuery.parse(params("EQ_bizStep", "shipping")).fingerprint();
    PageToken token = new PageToken(t, 42, 7, fp);

    assertThat(PageToken.decode(token.encode(), fp)).isEqualTo(token);
    String other = PartnerQuery.parse(params("EQ_bizStep", "packing")).fingerprint();
    assertThatThrownBy(() -> PageToken.decode(token.encode(), other))
        .hasMessageContaining("another query");
    assertThat(PartnerQuery.parse(params("perPage", "5")).fingerprint())
        .as("perPage may change between pages")
        .isEqualTo(PartnerQuery.parse(params("perPage", "7")).fingerprint());
  }

  @Test
  void theBackoffDoublesUpToItsCeiling() {
    EpcisPartnerProperties p = properties(Duration.ofMinutes(5));
    assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.backoff(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(p.backoff(4)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.backoff(40)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aLeaseShorterThanAnExchangeIsRefusedNamingTheKeys() {
    assertThatThrownBy(() -> properties(Duration.ofSeconds(30)))
        .hasMessageContaining("unitrace.integration.epcis.lease");
  }

  /** The partner settings of these tests, with a lease of {@code lease}. */
  private static EpcisPartnerProperties properties(Duration lease) {
    return new EpcisPartnerProperties(
        true,
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        lease,
        20,
        5);
  }

  private static boolean matches(String name, String value, JsonNode event) {
    return PartnerQuery.parse(params(name, value)).filter().test(event);
  }

  private static MultiValueMap<String, String> params(String name, String value) {
    MultiValueMap<String, String> m = new LinkedMultiValueMap<>();
    m.add(name, value);
    return m;
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
