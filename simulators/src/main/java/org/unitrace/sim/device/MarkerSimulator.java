package org.unitrace.sim.device;

import static org.unitrace.line.device.marker.AsciiMarkerProtocol.ACK;
import static org.unitrace.line.device.marker.AsciiMarkerProtocol.NAK;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.device.marker.AsciiMarkerProtocol;
import org.unitrace.line.device.marker.AsciiMarkerProtocol.Error;

/**
 * A laser marker speaking the {@code unitrace-ascii} protocol ({@code
 * docs/devices/marker-protocol.md}), with the faults a station must survive on demand: busy, an
 * error on the next marking or on every command, a completion report that never comes.
 */
public final class MarkerSimulator implements SimDevice, AutoCloseable {

  private final Marks marks;
  private final ScheduledExecutorService laser =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sim-marker-laser"));
  private final Map<String, Set<String>> jobs = new HashMap<>();
  private final FrameLog received = new FrameLog();
  private volatile Link current;
  private Duration markingTime = Duration.ofMillis(100);
  private String job;
  private final Map<String, String> variables = new LinkedHashMap<>();
  private long number;
  private boolean marking;
  private long busyUntil = System.nanoTime();
  private String failAlways;
  private String failNext;
  private boolean silentNext;
  private Runnable started;

  public MarkerSimulator() {
    this(new Marks());
  }

  public MarkerSimulator(Marks marks) {
    this.marks = marks;
  }

  public Marks marks() {
    return marks;
  }

  /** How long one marking takes; the marker is busy meanwhile. 100 ms unless set. */
  public synchronized MarkerSimulator markingTime(Duration time) {
    this.markingTime = time;
    return this;
  }

  /**
   * Defines a job and its variables. Once one job is defined, other jobs are refused with error 20
   * and other variables with 21; with none defined, every name is taken.
   */
  public synchronized MarkerSimulator job(String name, String... variableNames) {
    jobs.put(name, Set.of(variableNames));
    return this;
  }

  /** The next marking ends with {@code ERR <n> <code>} instead of DONE, and marks nothing. */
  public synchronized void failNext(String code) {
    failNext = code;
  }

  /** A standing fault: STATUS? reports ERROR {@code code}, START is refused with it. */
  public synchronized void failAlways(String code) {
    failAlways = code;
  }

  /** Clears injected faults and busy time. */
  public synchronized void clearFailures() {
    failAlways = null;
    failNext = null;
    silentNext = false;
    busyFor(Duration.ZERO);
  }

  /** The next marking marks but sends no DONE, so the driver times out. */
  public synchronized void silentNext() {
    silentNext = true;
  }

  /** Busy for a while from now, as while a long marking or a warm-up runs. */
  public synchronized void busyFor(Duration time) {
    busyUntil = System.nanoTime() + time.toNanos();
  }

  /** The frames received (the last 10,000), in order, as they came off the wire. */
  public List<String> received() {
    return received.list();
  }

  @Override
  public void connected(Link link) {
    current = link;
  }

  @Override
  public void received(String frame, Link link) {
    received.add(frame);
    current = link;
    link.send(answer(frame));
    Runnable marking = takeStarted();
    if (marking != null) {
      laser.schedule(marking, markingTime().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** A marking START just acknowledged: it begins after its ACK went out, never before. */
  private synchronized Runnable takeStarted() {
    Runnable r = started;
    started = null;
    return r;
  }

  private synchronized Duration markingTime() {
    return markingTime;
  }

  private synchronized String answer(String frame) {
    int space = frame.indexOf(' ');
    String verb = space < 0 ? frame : frame.substring(0, space);
    String arg = space < 0 ? "" : frame.substring(space + 1);
    switch (verb) {
      case AsciiMarkerProtocol.STATUS:
        if (failAlways != null) {
          return ACK + " ERROR " + failAlways + " " + text(failAlways);
        }
        return ACK + (busy() ? " BUSY" : " READY");
      case AsciiMarkerProtocol.JOB:
        return busy() ? nak(Error.BUSY.code()) : selectJob(arg);
      case AsciiMarkerProtocol.VAR:
        return busy() ? nak(Error.BUSY.code()) : setVariable(arg);
      case AsciiMarkerProtocol.START:
        return start();
      case AsciiMarkerProtocol.RESET:
        return ACK;
      default:
        return nak(Error.UNKNOWN_COMMAND.code(), "unknown command '" + verb + "'");
    }
  }

  private String selectJob(String name) {
    if (!AsciiMarkerProtocol.isName(name)) {
      return nak(Error.SYNTAX.code(), "job name '" + name + "'");
    }
    if (!jobs.isEmpty() && !jobs.containsKey(name)) {
      return nak(Error.UNKNOWN_JOB.code(), "unknown job " + name);
    }
    job = name;
    variables.clear();
    return ACK;
  }

  private String setVariable(String arg) {
    if (job == null) {
      return nak(Error.NO_JOB.code());
    }
    int eq = arg.indexOf('=');
    if (eq < 0 || !AsciiMarkerProtocol.isName(arg.substring(0, eq))) {
      return nak(Error.SYNTAX.code(), "expected VAR <name>=<value>");
    }
    String name = arg.substring(0, eq);
    if (!jobs.isEmpty() && !jobs.get(job).contains(name)) {
      return nak(Error.UNKNOWN_VARIABLE.code(), "unknown variable " + name + " in job " + job);
    }
    try {
      variables.put(name, AsciiMarkerProtocol.unescape(arg.substring(eq + 1)));
    } catch (IllegalArgumentException e) {
      return nak(Error.BAD_VALUE.code(), name + ": " + e.getMessage());
    }
    return ACK;
  }

  private String start() {
    if (failAlways != null) {
      return nak(failAlways);
    }
    if (busy()) {
      return nak(Error.BUSY.code());
    }
    if (job == null) {
      return nak(Error.NO_JOB.code());
    }
    long n = ++number;
    marking = true;
    Marks.Mark mark = new Marks.Mark(n, job, variables, Instant.now());
    String fail = failNext;
    boolean silent = silentNext;
    failNext = null;
    silentNext = false;
    started = () -> finish(mark, fail, silent);
    return ACK + " " + n;
  }

  private void finish(Marks.Mark mark, String fail, boolean silent) {
    synchronized (this) {
      marking = false;
    }
    if (fail == null) {
      marks.add(mark);
    }
    Link link = current;
    if (silent || link == null) {
      return;
    }
    link.send(
        fail == null
            ? AsciiMarkerProtocol.DONE + " " + mark.number()
            : AsciiMarkerProtocol.ERR + " " + mark.number() + " " + fail + " " + text(fail));
  }

  private boolean busy() {
    return marking || System.nanoTime() - busyUntil < 0;
  }

  private static String nak(String code) {
    return nak(code, text(code));
  }

  private static String nak(String code, String text) {
    return NAK + " " + code + " " + text;
  }

  private static String text(String code) {
    return Error.of(code).map(Error::text).orElse("error");
  }

  @Override
  public void close() {
    laser.shutdownNow();
  }
}
