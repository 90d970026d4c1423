package org.unitrace.line.serialno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerialTemplateTest {

  private static final LocalDate NOV_28 = LocalDate.of(2026, 11, 28); // day 332, ISO week 48
  private final SerialContext ctx = new SerialContext("AKL", "L1", "MARK", "B", NOV_28);
  private final SerialTemplate template =
      SerialTemplate.parse("{site:3}{line:2}{yy}{ddd}{seq:5:daily}{check:mod37-36}");

  @Test
  void formatsSiteLineDateSequenceAndCheck() {
    String serial = template.format(ctx, 42);
    assertThat(serial).startsWith("AKLL126332" + "00042").hasSize(16);
    assertThat(serial.charAt(15))
        .isEqualTo(CheckCharacters.MOD37_36.compute(serial.substring(0, 15)));
  }

  @Test
  void readsASerialBackIntoWhereAndWhen() {
    ParsedSerial p = template.parseSerial(template.format(ctx, 42));
    assertThat(p.site()).contains("AKL");
    assertThat(p.line()).contains("L1");
    assertThat(p.date()).contains(NOV_28);
    assertThat(p.sequence()).isEqualTo(42);
  }

  @Test
  void sequenceBeyondItsWidthIsRefused() {
    assertThatThrownBy(() -> template.format(ctx, 100_000))
        .hasMessageContaining("sequence 100000 does not fit {seq:5:daily} (0 to 99999)");
  }

  @Test
  void periodKeysFollowTheReset() {
    assertThat(template.periodKey(ctx)).isEqualTo("2026-332");
    assertThat(SerialTemplate.parse("{seq:4:shift}").periodKey(ctx)).isEqualTo("2026-332-B");
    assertThat(SerialTemplate.parse("{seq:4:weekly}").periodKey(ctx)).isEqualTo("2026-W48");
    assertThat(SerialTemplate.parse("{seq:4}").periodKey(ctx)).isEmpty();
  }

  @Test
  void validateNamesWrongCheckAndExpectedOne() {
    String serial = template.format(ctx, 7);
    char wrong = serial.charAt(15) == 'A' ? 'B' : 'A';
    String broken = serial.substring(0, 15) + wrong;
    assertThat(template.validate(broken))
        .contains(
            "serial "
                + broken
                + " at offset 15: check character "
                + wrong
                + " is wrong, expected "
                + serial.charAt(15));
    assertThat(template.validate(serial)).isEmpty();
  }

  @Test
  void validateNamesWrongLengthLiteralMismatchAndImpossibleDate() {
    assertThat(template.validate("AKLL1263320004"))
        .contains(
            "serial AKLL1263320004 at offset 14: serial has 14 characters, template "
                + "{site:3}{line:2}{yy}{ddd}{seq:5:daily}{check:mod37-36} needs 16");
    SerialTemplate dashed = SerialTemplate.parse("SN-{yy}{ddd}-{seq:4}");
    assertThat(dashed.validate("SN_26332-0001"))
        .contains("serial SN_26332-0001 at offset 0: expected literal 'SN-', found 'SN_'");
    assertThat(dashed.validate("SN-25366-0001"))
        .contains("serial SN-25366-0001 at offset 5: day of year 366 is not a date in 2025");
  }

  @Test
  void monthLetterWeekAndBase36SequenceRoundTrip() {
    SerialTemplate t =
        SerialTemplate.parse("{line}{yyww}{month}{shift:1}{seq36:3}{check:vin-mod11}");
    String serial = t.format(ctx, 36 * 36 * 36 - 1);
    assertThat(serial).startsWith("L12648LBZZZ");
    ParsedSerial p = t.parseSerial(serial);
    assertThat(p.line()).contains("L1");
    assertThat(p.shift()).contains("B");
    assertThat(p.sequence()).isEqualTo(36 * 36 * 36 - 1);
    assertThat(p.date()).contains(LocalDate.of(2026, 11, 23));
  }

  @Test
  void ambiguousTemplatesAreRefusedWithAHint() {
    assertThatThrownBy(() -> SerialTemplate.parse("{site}{line}{seq:3}"))
        .hasMessageContaining("{site} has no width and is not followed by literal text")
        .hasMessageContaining("{site:3}");
    assertThatThrownBy(() -> SerialTemplate.parse("SN#{seq:5}"))
        .hasMessageContaining("literal text 'SN#'")
        .hasMessageContaining("U+0023")
        .hasMessageContaining("GS1 CSET 82");
    assertThatThrownBy(() -> SerialTemplate.parse("A{bogus}"))
        .hasMessage("serial template A{bogus} at offset 1: unknown placeholder {bogus}");
    assertThatThrownBy(() -> SerialTemplate.parse("{check:luhn}{seq:3}"))
        .hasMessageContaining("must be last");
  }

  @Test
  void formatThenParseRoundTripsAndOneChangedCharacterIsCaught() {
    Random random = new Random(20261128);
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (int run = 0; run < 500; run++) {
      LocalDate date = LocalDate.of(2000 + random.nextInt(100), 1, 1).plusDays(random.nextInt(365));
      String site =
          ""
              + alphabet.charAt(10 + random.nextInt(26))
              + alphabet.charAt(random.nextInt(36))
              + alphabet.charAt(random.nextInt(36));
      SerialContext c = new SerialContext(site, "L" + random.nextInt(10), "MARK", "A", date);
      long seq = random.nextInt(100_000);
      String serial = template.format(c, seq);
      ParsedSerial p = template.parseSerial(serial);
      assertThat(p.site()).contains(site);
      assertThat(p.date()).contains(date);
      assertThat(p.sequence()).isEqualTo(seq);
      int at = random.nextInt(serial.length());
      char replacement = alphabet.charAt(random.nextInt(36));
      if (replacement != serial.charAt(at)) {
        String changed = serial.substring(0, at) + replacement + serial.substring(at + 1);
        assertThat(template.validate(changed)).as(changed).isPresent();
      }
    }
  }
}
