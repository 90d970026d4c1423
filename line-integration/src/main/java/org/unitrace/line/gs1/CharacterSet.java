package org.unitrace.line.gs1;

/**
 * The character sets of the dictionary's component types: N, X (CSET 82), Y (CSET 39), Z (CSET 64).
 */
enum CharacterSet {
  N("numeric", "0123456789"),
  X(
      "CSET 82",
      "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"),
  Y("CSET 39", "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
  /** base64url; '=' only as padding at the end, which {@code ValueChecker} handles. */
  Z("CSET 64", "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

  private final String label;
  private final String chars;

  CharacterSet(String label, String chars) {
    this.label = label;
    this.chars = chars;
  }

  boolean allows(char c) {
    return chars.indexOf(c) >= 0;
  }

  String label() {
    return label;
  }

  /** The characters in table order; CSET 82 order gives the values used by csumalpha. */
  String chars() {
    return chars;
  }
}
