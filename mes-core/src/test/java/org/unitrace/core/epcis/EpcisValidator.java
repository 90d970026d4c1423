package org.unitrace.core.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The official GS1 EPCIS 2.0 JSON Schema (copied into {@code src/test/resources/epcis}), with
 * format assertions on, so a date or URI that is not one fails as it would for a trading partner.
 */
public final class EpcisValidator {

  static final ObjectMapper JSON = new ObjectMapper();

  private final JsonSchema schema;

  public EpcisValidator() {
    JsonNode document = read("/epcis/EPCIS-JSON-Schema.json");
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .formatAssertionsEnabled(true)
            .build();
    schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(SchemaLocation.of(document.path("$id").asText()), document, config);
  }

  /** The schema's violations of the document, as "path: message" lines; empty when valid. */
  public List<String> violations(JsonNode document) {
    return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  static JsonNode read(String resource) {
    try (InputStream in = EpcisValidator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
