package org.unitrace.sim.device;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import org.unitrace.line.device.scanner.ScanFrames;
import org.unitrace.line.device.scanner.ScanMode;

/**
 * A barcode scanner or verifier speaking the {@code generic} protocol ({@code
 * docs/devices/scanner-protocol.md}). What it reads comes from labels presented to it, in order,
 * or, when none is waiting, from what a {@link MarkerSimulator} last marked; the faults a station
 * must handle (no read, empty frame, corrupted or wrong data, no answer) are injected one read at a
 * time.
 *
 * <p>In trigger mode each TRIGGER is answered at once. In continuous mode it sends a read by itself
 * for every label presented and every marking it verifies, and on {@link #readNow()}.
 */
public final class ScannerSimulator implements SimDevice {

  private enum Fault {
    NOREAD,
    EMPTY,
    GARBLE,
    MISMATCH,
    SILENT
  }

  private record Injection(Fault fault, String data) {}

  private final ScanMode mode;
  private final Queue<String> labels = new ArrayDeque<>();
  private final Queue<Injection> injections = new ArrayDeque<>();
  private final FrameLog received = new FrameLog();
  private Link current;
  private Marks marks;
  private String variable;
  private String grade = "A";
  private String symbology = "]d2";
  private boolean armed;
  private int triggers;

  public ScannerSimulator(ScanMode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  public ScanMode mode() {
    return mode;
  }

  /**
   * Verifies markings: with no label waiting, a read returns the last marked value of {@code
   * variable}, with the symbology identifier and grade set here. In continuous mode every new
   * marking is read at once.
   */
  public synchronized ScannerSimulator verifies(Marks marks, String variable) {
    this.marks = marks;
    this.variable = variable;
    if (mode == ScanMode.CONTINUOUS) {
      marks.addListener(m -> markMade());
    }
    return this;
  }

  /** The grade of verification reads; null sends none. {@code A} unless set. */
  public synchronized ScannerSimulator grade(String grade) {
    this.grade = grade;
    return this;
  }

  /** The AIM identifier of verification reads; null sends none. {@code ]d2} unless set. */
  public synchronized ScannerSimulator symbology(String aim) {
    this.symbology = aim;
    return this;
  }

  /** Queues a label; its frame is {@code raw} exactly, AIM identifier and grade included. */
  public synchronized void present(String raw) {
    labels.add(raw);
    if (mode == ScanMode.CONTINUOUS) {
      flush();
    }
  }

  /** The next read is {@code NOREAD}. */
  public synchronized void noReadNext() {
    injections.add(new Injection(Fault.NOREAD, null));
  }

  /** The next read is an empty frame. */
  public synchronized void emptyNext() {
    injections.add(new Injection(Fault.EMPTY, null));
  }

  /** The next read has one character of its data corrupted. */
  public synchronized void garbleNext() {
    injections.add(new Injection(Fault.GARBLE, null));
  }

  /** The next read returns {@code data} (with the verification AIM and grade) instead. */
  public synchronized void mismatchNext(String data) {
    injections.add(new Injection(Fault.MISMATCH, data));
  }

  /** The next trigger gets no answer until TRIGGER OFF, which is answered NOREAD. */
  public synchronized void silentNext() {
    injections.add(new Injection(Fault.SILENT, null));
  }

  /**
   * Continuous mode: makes one read now, as if something passed the scanner. With no driver
   * connected nothing is read, so no label or injected fault is used up.
   */
  public synchronized void readNow() {
    if (current != null && current.isOpen()) {
      next().ifPresent(this::send);
    }
  }

  /** How many TRIGGER frames came in. */
  public synchronized int triggers() {
    return triggers;
  }

  /** The frames received (the last 10,000), in order. */
  public List<String> received() {
    return received.list();
  }

  @Override
  public synchronized void connected(Link link) {
    current = link;
    if (mode == ScanMode.CONTINUOUS) {
      flush();
    }
  }

  @Override
  public synchronized void received(String frame, Link link) {
    received.add(frame);
    current = link;
    if (frame.equals(ScanFrames.TRIGGER)) {
      triggers++;
      Optional<String> read = next();
      armed = read.isEmpty();
      read.ifPresent(link::send);
    } else if (frame.equals(ScanFrames.TRIGGER_OFF) && armed) {
      armed = false;
      link.send(ScanFrames.NOREAD);
    }
  }

  private synchronized void markMade() {
    if (labels.isEmpty()) {
      readNow();
    }
  }

  private void flush() {
    while (!labels.isEmpty() && current != null && current.isOpen()) {
      readNow();
    }
  }

  private void send(String frame) {
    if (current != null) {
      current.send(frame);
    }
  }

  /** The next read frame, or empty for no answer. */
  private Optional<String> next() {
    Injection i = injections.poll();
    if (i == null) {
      return Optional.of(label().orElse(ScanFrames.NOREAD));
    }
    return switch (i.fault()) {
      case NOREAD -> Optional.of(ScanFrames.NOREAD);
      case EMPTY -> Optional.of("");
      case SILENT -> Optional.empty();
      case MISMATCH -> {
        label();
        yield Optional.of(ScanFrames.read(symbology, i.data(), grade));
      }
      case GARBLE -> Optional.of(label().map(ScannerSimulator::garble).orElse(ScanFrames.NOREAD));
    };
  }

  /** The next presented label, else a verification read of the last marking. */
  private Optional<String> label() {
    String raw = labels.poll();
    if (raw != null) {
      return Optional.of(raw);
    }
    if (marks == null) {
      return Optional.empty();
    }
    return marks.lastValue(variable).map(v -> ScanFrames.read(symbology, v, grade));
  }

  /** Flips one character in the middle of the data, leaving AIM identifier and grade alone. */
  static String garble(String raw) {
    int start = raw.startsWith("]") && raw.length() >= 3 ? 3 : 0;
    int tab = raw.indexOf(ScanFrames.GRADE);
    int end = tab < 0 ? raw.length() : tab;
    if (end <= start) {
      return raw.substring(0, start) + "#" + raw.substring(start);
    }
    int at = start + (end - start) / 2;
    char c = raw.charAt(at);
    return raw.substring(0, at) + (c == '#' ? '*' : '#') + raw.substring(at + 1);
  }
}
