package org.unitrace.sim.plc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * One station's signals, kept here (as a PLC's retentive memory) and mirrored to the server's
 * variables while it runs. Writes happen in the order a PLC program makes them: the cycle's data
 * first, the counter last.
 */
public final class StationSim {

  public static final String PART_PRESENT = "PartPresent";
  public static final String CYCLE_DONE = "CycleDone";
  public static final String CYCLE_COUNTER = "CycleCounter";
  public static final String RESULT = "Result";
  public static final String FAILURE_CODE = "FailureCode";
  public static final String UNIT_ID = "UnitId";
  public static final String STATE = "State";
  public static final String FAULT_CODE = "FaultCode";
  public static final String AGENT_RESULT = "AgentResult";

  /** Handshake: where the agent writes the cycle count it has recorded. */
  public static final String CYCLE_ACK = "CycleAck";

  private final StationSpec spec;
  private final Map<String, Variant> values = new LinkedHashMap<>();
  private volatile BiConsumer<String, Variant> mirror = (s, v) -> {};
  private volatile java.util.function.Function<String, Variant> live = s -> null;
  private volatile Object scan = new Object();

  StationSim(StationSpec spec) {
    this.spec = spec;
    values.put(PART_PRESENT, new Variant(false));
    values.put(CYCLE_DONE, new Variant(false));
    values.put(CYCLE_COUNTER, new Variant(0L));
    values.put(RESULT, new Variant((short) 0));
    values.put(FAILURE_CODE, new Variant(""));
    values.put(UNIT_ID, new Variant(""));
    values.put(STATE, new Variant((short) 2));
    values.put(FAULT_CODE, new Variant(""));
    values.put(AGENT_RESULT, new Variant((short) 0));
    values.put(CYCLE_ACK, new Variant(0L));
    for (String name : spec.processValues()) {
      values.put(name, new Variant(0.0));
    }
  }

  public String id() {
    return spec.id();
  }

  StationSpec spec() {
    return spec;
  }

  synchronized Map<String, Variant> values() {
    return new LinkedHashMap<>(values);
  }

  /**
   * Where the signals are served: {@code scan} is held while a cycle's values are written, and by
   * the server while it answers a Read, so a Read sees one PLC scan (all of a cycle or none of it),
   * as a PLC's own OPC UA server does.
   */
  void mirrorTo(
      BiConsumer<String, Variant> mirror,
      java.util.function.Function<String, Variant> live,
      Object scan) {
    this.mirror = mirror;
    this.live = live;
    this.scan = scan;
  }

  /** The server is going down: keep what clients wrote, as retentive memory. */
  synchronized void detach() {
    for (String name : List.of(AGENT_RESULT, CYCLE_ACK)) {
      Variant written = live.apply(name);
      if (written != null) {
        values.put(name, written);
      }
    }
    mirror = (s, v) -> {};
    live = s -> null;
  }

  private void set(String signal, Variant value) {
    values.put(signal, value);
    mirror.accept(signal, value);
  }

  public synchronized void setPartPresent(boolean present) {
    set(PART_PRESENT, new Variant(present));
  }

  /**
   * A cycle ends: unit, process values, result and failure code are written, then the counter is
   * incremented and the done bit pulses.
   */
  public synchronized void completeCycle(
      String unitId, boolean ok, String failureCode, Map<String, Double> processValues) {
    synchronized (scan) {
      set(UNIT_ID, new Variant(unitId == null ? "" : unitId));
      processValues.forEach(
          (name, value) -> {
            if (!values.containsKey(name)) {
              throw new IllegalArgumentException(
                  "station " + spec.id() + " has no process value " + name);
            }
            set(name, new Variant(value));
          });
      set(RESULT, new Variant((short) (ok ? 1 : 2)));
      set(FAILURE_CODE, new Variant(failureCode == null ? "" : failureCode));
      set(CYCLE_COUNTER, new Variant(cycleCount() + 1));
      set(CYCLE_DONE, new Variant(true));
      set(CYCLE_DONE, new Variant(false));
      set(PART_PRESENT, new Variant(false));
    }
  }

  /**
   * A cycle ends on a PLC that hands its data over by handshake: the previous cycle's unit, result
   * and values stay as they are until the agent has acknowledged its count (or until {@code
   * timeout}, after which this PLC goes on without it, as a PLC program with a handshake timeout
   * does), then this cycle is written as {@link #completeCycle} writes it.
   *
   * @return whether the previous cycle was acknowledged in time
   */
  public boolean completeCycleAfterAck(
      String unitId,
      boolean ok,
      String failureCode,
      Map<String, Double> processValues,
      Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean acknowledged;
    while (!(acknowledged = acknowledged() >= cycleCount()) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    completeCycle(unitId, ok, failureCode, processValues);
    return acknowledged;
  }

  /** The count the agent last acknowledged (handshake). */
  public synchronized long acknowledged() {
    Variant v = live.apply(CYCLE_ACK);
    return ((Number) (v != null ? v : values.get(CYCLE_ACK)).getValue()).longValue();
  }

  /** 1 RUNNING, 2 IDLE, 3 BLOCKED, 4 STARVED, 5 FAULT. */
  public synchronized void setState(int stateCode, String faultCode) {
    set(FAULT_CODE, new Variant(faultCode == null ? "" : faultCode));
    set(STATE, new Variant((short) stateCode));
  }

  public synchronized long cycleCount() {
    return ((Number) values.get(CYCLE_COUNTER).getValue()).longValue();
  }

  public synchronized int state() {
    return ((Number) values.get(STATE).getValue()).intValue();
  }

  /** The PLC takes the agent's last answer (AgentResult back to 0), so the next one shows. */
  public synchronized void clearAgentResult() {
    set(AGENT_RESULT, new Variant((short) 0));
  }

  /** What the agent last wrote to AgentResult: 0 none, 1 OK, 2 NOK. */
  public synchronized int agentResult() {
    Variant v = live.apply(AGENT_RESULT);
    return ((Number) (v != null ? v : values.get(AGENT_RESULT)).getValue()).intValue();
  }
}
