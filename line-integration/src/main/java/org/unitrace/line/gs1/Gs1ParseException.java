package org.unitrace.line.gs1;

/**
 * A scanned GS1 element string that breaks a rule of the GS1 Barcode Syntax Dictionary. Carries the
 * AI (null when the AI itself could not be read), the character offset in the scanned input and the
 * rule, so an operator can find the fault on the label.
 */
public final class Gs1ParseException extends IllegalArgumentException {

  private final String ai;
  private final int offset;
  private final String rule;

  public Gs1ParseException(String ai, int offset, String rule) {
    super(
        ai == null
            ? rule + " at offset " + offset
            : "AI (" + ai + ") at offset " + offset + ": " + rule);
    this.ai = ai;
    this.offset = offset;
    this.rule = rule;
  }

  /** The AI whose value is wrong, or null when the fault is in the AI itself. */
  public String ai() {
    return ai;
  }

  /** Character offset in the scanned input (symbology identifier included). */
  public int offset() {
    return offset;
  }

  /** The rule that was broken, without AI and offset. */
  public String rule() {
    return rule;
  }
}
