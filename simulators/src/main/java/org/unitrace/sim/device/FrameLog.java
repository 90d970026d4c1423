package org.unitrace.sim.device;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last frames a simulator received, bounded so a simulator left running for days stays small.
 */
final class FrameLog {

  private static final int LIMIT = 10_000;

  private final Deque<String> frames = new ArrayDeque<>();

  synchronized void add(String frame) {
    if (frames.size() == LIMIT) {
      frames.removeFirst();
    }
    frames.addLast(frame);
  }

  synchronized List<String> list() {
    return List.copyOf(frames);
  }
}
