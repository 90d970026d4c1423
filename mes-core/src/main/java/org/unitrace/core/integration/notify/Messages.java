package org.unitrace.core.integration.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import lombok.RequiredArgsConstructor;

/** What a notification says: the webhook's JSON body, an e-mail's subject and text. */
@RequiredArgsConstructor
final class Messages {

  private final ObjectMapper json;

  /**
   * The webhook body, the same on every try: {@code id} is the notification's, shared by all its
   * subscriptions and stable across retries, so a receiver de-duplicates on it.
   */
  byte[] body(Deliveries.Claimed c) {
    ObjectNode root = json.createObjectNode();
    root.put("id", c.notificationId().toString());
    root.put("kind", c.kind());
    root.put("occurredAt", c.occurredAt().toInstant().toString());
    putIfPresent(root, "site", c.site());
    putIfPresent(root, "line", c.line());
    putIfPresent(root, "subject", c.subject());
    root.put("subscription", c.subscription());
    root.set("data", data(c));
    try {
      return json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write notification " + c.notificationId(), e);
    }
  }

  String subject(Deliveries.Claimed c, String prefix) {
    String where =
        c.line() == null ? "" : " " + (c.site() == null ? "" : c.site() + "/") + c.line();
    String subject = c.subject() == null ? "" : ": " + c.subject();
    return (prefix == null || prefix.isBlank() ? "" : prefix.strip() + " ")
        + title(c.kind())
        + where
        + subject;
  }

  /** Plain text for people: what happened, where, and the whole record as JSON below. */
  String text(Deliveries.Claimed c) {
    StringBuilder b = new StringBuilder();
    b.append(title(c.kind()));
    if (c.subject() != null) {
      b.append(": ").append(c.subject());
    }
    b.append("\n\n");
    line(b, "When", c.occurredAt().toInstant().toString());
    line(b, "Site", c.site());
    line(b, "Line", c.line());
    JsonNode data = data(c);
    data.fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isValueNode()) {
                line(b, f.getKey(), f.getValue().asText());
              }
            });
    b.append("\nNotification ").append(c.notificationId());
    b.append(" for subscription '").append(c.subscription()).append("'.\n\n");
    b.append(new String(body(c), StandardCharsets.UTF_8)).append('\n');
    return b.toString();
  }

  private JsonNode data(Deliveries.Claimed c) {
    try {
      return json.readTree(c.data());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("notification " + c.notificationId() + " has bad data", e);
    }
  }

  private static String title(String kind) {
    return switch (kind) {
      case "HOLD_PLACED" -> "Unit put on hold";
      case "HOLD_RELEASED" -> "Hold released";
      case "RECALL_OPENED" -> "Recall campaign opened";
      case "STOLEN_UNIT_SEEN" -> "Stolen or lost unit seen";
      case "DUPLICATE_SERIAL" -> "Duplicate serial refused";
      case "INTEGRITY_EXCEPTION" -> "Integrity exception";
      case "DEAD_LETTER" -> "Events dead-lettered";
      case "TEST" -> "Test notification";
      default -> kind;
    };
  }

  private static void line(StringBuilder b, String label, String value) {
    if (value != null && !value.isBlank()) {
      b.append(label).append(": ").append(value).append('\n');
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
