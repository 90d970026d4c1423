package org.unitrace.core.genealogy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A page of the forward trace as the JSON of its {@link WhereUsedView}, byte for byte, written
 * straight from the page's rows: a page of 10,000 units is megabytes of JSON, and building a record
 * per unit and a list of them first cost as much as writing it.
 */
@Component
class WhereUsedJson {

  private final ForwardTrace forward;
  private final ObjectWriter writer;

  WhereUsedJson(ForwardTrace forward, ObjectMapper json) {
    this.forward = forward;
    this.writer = json.writer();
  }

  /** The page as {@link Trace#whereUsed(WhereUsedQuery, int, int, boolean)} answers it. */
  byte[] whereUsed(WhereUsedQuery query, int offset, int limit, boolean topLevelOnly) {
    ForwardTrace.Page page = ForwardTrace.Page.asked(offset, limit, topLevelOnly, Trace.MAX_PAGE);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (JsonGenerator g = writer.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("query", query.describe());
      forward.page(query, page, new Units(g));
      g.writeEndArray();
      g.writeStringField("kind", query.kind());
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", limit);
      g.writeBooleanField("topLevelOnly", topLevelOnly);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a forward trace's JSON", e);
    }
    return out.toByteArray();
  }

  /** The counts, then the {@code units} array opened and one object per row (nulls left out). */
  private record Units(JsonGenerator g) implements ForwardTrace.PageRows {

    @Override
    public void counts(int total, int topLevel) {
      try {
        g.writeNumberField("unitCount", total);
        g.writeNumberField("topLevelCount", topLevel);
        g.writeArrayFieldStart("units");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void unit(ForwardTrace.Row row) throws SQLException {
      try {
        g.writeStartObject();
        text("serial", row.serial());
        text("partNumber", row.partNumber());
        text("revision", row.revision());
        text("runId", row.runId());
        text("status", row.status());
        g.writeNumberField("depth", row.depth());
        g.writeBooleanField("topLevel", row.topLevel());
        List<String> path = row.path();
        g.writeArrayFieldStart("path");
        for (String serial : path) {
          g.writeString(serial);
        }
        g.writeEndArray();
        text("site", row.site());
        text("line", row.line());
        WhereUsedView.Position seen = row.lastSeen();
        if (seen != null) {
          g.writeObjectFieldStart("lastSeen");
          text("site", seen.site());
          text("line", seen.line());
          text("station", seen.station());
          text("at", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(seen.at()));
          g.writeEndObject();
        }
        g.writeNullField("location");
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void text(String name, String value) throws IOException {
      if (value != null) {
        g.writeStringField(name, value);
      }
    }
  }
}
