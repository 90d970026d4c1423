package org.unitrace.edge.serial;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers an issuer holds for one period: the blocks not yet used up, the first of them partly.
 * Stored as text in the agent state: {@code period|b1first-b1last,b2first-b2last}.
 */
record Hand(String period, List<Block> blocks) {

  Hand {
    blocks = List.copyOf(blocks);
  }

  static Hand empty(String period) {
    return new Hand(period, List.of());
  }

  long remaining() {
    return blocks.stream().mapToLong(Block::size).sum();
  }

  /** The next number; call only when {@link #remaining()} is positive. */
  long peek() {
    return blocks.get(0).first();
  }

  /** This hand without its next number. */
  Hand withoutNext() {
    List<Block> rest = new ArrayList<>(blocks);
    Block head = rest.remove(0);
    if (head.first() < head.last()) {
      rest.add(0, new Block(head.first() + 1, head.last()));
    }
    return new Hand(period, rest);
  }

  Hand with(Block block) {
    List<Block> more = new ArrayList<>(blocks);
    more.add(block);
    return new Hand(period, more);
  }

  String encode() {
    StringBuilder sb = new StringBuilder(period).append('|');
    for (int i = 0; i < blocks.size(); i++) {
      sb.append(i == 0 ? "" : ",")
          .append(blocks.get(i).first())
          .append('-')
          .append(blocks.get(i).last());
    }
    return sb.toString();
  }

  static Hand decode(String text) {
    int bar = text.lastIndexOf('|');
    if (bar < 0) {
      throw new IllegalArgumentException("serial state '" + text + "' has no '|'");
    }
    List<Block> blocks = new ArrayList<>();
    String rest = text.substring(bar + 1);
    if (!rest.isEmpty()) {
      for (String b : rest.split(",")) {
        int dash = b.indexOf('-');
        blocks.add(
            new Block(Long.parseLong(b.substring(0, dash)), Long.parseLong(b.substring(dash + 1))));
      }
    }
    return new Hand(text.substring(0, bar), blocks);
  }
}
