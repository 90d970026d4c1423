package org.unitrace.core.genealogy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.unitrace.core.genealogy.ForwardTrace.Row.Text;

/**
 * A page of the forward trace as the JSON of its {@link WhereUsedView}, byte for byte, written
 * straight from the page's rows: a page of 10,000 units is megabytes of JSON, and building a record
 * per unit, decoding every text into a string and formatting every time through {@link
 * DateTimeFormatter} cost as much as writing it. Texts go from the driver's UTF-8 bytes to the
 * generator, which escapes them as it escapes strings.
 */
@Component
class WhereUsedJson {

  private final ForwardTrace forward;
  private final ObjectWriter writer;

  WhereUsedJson(ForwardTrace forward, ObjectMapper json) {
    this.forward = forward;
    this.writer = json.writer();
  }

  /**
   * Writes the page as {@link Trace#whereUsed(WhereUsedQuery, int, int, boolean)} answers it to
   * {@code out}, which it leaves open. Nothing is written before the page's rows have all been read
   * (the driver reads a statement's rows before handing over the first), so a statement that fails,
   * or a wrong {@code offset} or {@code limit}, leaves {@code out} untouched.
   */
  void write(WhereUsedQuery query, int offset, int limit, boolean topLevelOnly, OutputStream out) {
    ForwardTrace.Page page = ForwardTrace.Page.asked(offset, limit, topLevelOnly, Trace.MAX_PAGE);
    try (JsonGenerator g = writer.createGenerator(StreamUtils.nonClosing(out), JsonEncoding.UTF8)) {
      forward.page(query, page, new Units(g, query.describe()));
      g.writeEndArray();
      g.writeStringField("kind", query.kind());
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", limit);
      g.writeBooleanField("topLevelOnly", topLevelOnly);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a forward trace's JSON", e);
    }
  }

  /**
   * {@code at} in UTC as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes it (how Jackson
   * writes an {@code OffsetDateTime}): seconds always, a fraction only if there is one and without
   * its trailing zeros, {@code Z} for the offset.
   */
  static String isoUtc(LocalDateTime at) {
    int year = at.getYear();
    if (year < 0 || year > 9999) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }
    char[] c = new char[30];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, at.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, at.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, at.getHour(), 2);
    c[13] = ':';
    digits(c, 14, at.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, at.getSecond(), 2);
    int n = 19;
    int nano = at.getNano();
    if (nano != 0) {
      c[n] = '.';
      digits(c, n + 1, nano, 9);
      n += 10;
      while (c[n - 1] == '0') {
        n--;
      }
    }
    c[n++] = 'Z';
    return new String(c, 0, n);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * The answer's start with the counts, then the {@code units} array opened and one object per row
   * (nulls left out).
   */
  private record Units(JsonGenerator g, String query) implements ForwardTrace.PageRows {

    private static final SerializableString SERIAL = new SerializedString("serial");
    private static final SerializableString PART_NUMBER = new SerializedString("partNumber");
    private static final SerializableString REVISION = new SerializedString("revision");
    private static final SerializableString RUN_ID = new SerializedString("runId");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString DEPTH = new SerializedString("depth");
    private static final SerializableString TOP_LEVEL = new SerializedString("topLevel");
    private static final SerializableString PATH = new SerializedString("path");
    private static final SerializableString SITE = new SerializedString("site");
    private static final SerializableString LINE = new SerializedString("line");
    private static final SerializableString LAST_SEEN = new SerializedString("lastSeen");
    private static final SerializableString STATION = new SerializedString("station");
    private static final SerializableString AT = new SerializedString("at");
    private static final SerializableString LOCATION = new SerializedString("location");

    @Override
    public void counts(int total, int topLevel) {
      try {
        g.writeStartObject();
        g.writeStringField("query", query);
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
        text(SERIAL, row, Text.SERIAL);
        text(PART_NUMBER, row, Text.PART_NUMBER);
        text(REVISION, row, Text.REVISION);
        text(RUN_ID, row, Text.RUN_ID);
        text(STATUS, row, Text.STATUS);
        g.writeFieldName(DEPTH);
        g.writeNumber(row.depth());
        g.writeFieldName(TOP_LEVEL);
        g.writeBoolean(row.topLevel());
        g.writeFieldName(PATH);
        g.writeStartArray();
        PostgresArrays.forEach(row.utf8(Text.PATH), g::writeUTF8String);
        g.writeEndArray();
        text(SITE, row, Text.SITE);
        text(LINE, row, Text.LINE);
        if (row.utf8(Text.SEEN_STATION) != null) {
          g.writeFieldName(LAST_SEEN);
          g.writeStartObject();
          text(SITE, row, Text.SEEN_SITE);
          text(LINE, row, Text.SEEN_LINE);
          text(STATION, row, Text.SEEN_STATION);
          g.writeFieldName(AT);
          g.writeString(isoUtc(row.seenAt()));
          g.writeEndObject();
        }
        g.writeFieldName(LOCATION);
        g.writeNull();
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void text(SerializableString name, ForwardTrace.Row row, Text column)
        throws IOException, SQLException {
      byte[] value = row.utf8(column);
      if (value != null) {
        g.writeFieldName(name);
        g.writeUTF8String(value, 0, value.length);
      }
    }
  }
}
