package org.unitrace.line.gs1;

import java.time.LocalDate;
import java.time.YearMonth;

/** GS1 six-digit dates (YYMMDD) and their century rule. */
final class Gs1Dates {

  private Gs1Dates() {}

  /**
   * Resolves YYMMDD as the GS1 General Specifications say (7.12): the year lies within 49 years
   * back and 50 years ahead of {@code referenceYear}; day 00 means the last day of the month.
   */
  static LocalDate yymmdd(String d, int referenceYear) {
    int yy = Integer.parseInt(d.substring(0, 2));
    int month = Integer.parseInt(d.substring(2, 4));
    int day = Integer.parseInt(d.substring(4, 6));
    int century = referenceYear / 100 * 100;
    int diff = yy - referenceYear % 100;
    if (diff >= 51) {
      century -= 100;
    } else if (diff <= -50) {
      century += 100;
    }
    YearMonth ym = YearMonth.of(century + yy, month);
    return day == 0 ? ym.atEndOfMonth() : ym.atDay(day);
  }
}
