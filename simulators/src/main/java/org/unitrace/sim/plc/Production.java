package org.unitrace.sim.plc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.unitrace.line.DaemonThreads;

/**
 * A producing line: the first station starts new units (ids {@code <line>-<n>}), each station hands
 * the units it passed to the next one, cycles take their configured time, some end NOK (those leave
 * the line), and now and then a station faults for a few cycle times. With marking, the first
 * station presents each part to the agent and waits for its answer instead of cycling.
 */
final class Production {

  private final PlcSimulatorConfig config;
  private final List<StationSim> stations;
  private final Map<String, Deque<String>> queues = new HashMap<>();
  private final Random random = new Random(42);
  private ScheduledExecutorService clock;
  private long nextUnit = 1;
  private boolean marking;

  /** Cycles the part at the marking station has waited for the agent's answer; -1: no part. */
  private int markWait = -1;

  /** Cycles a part waits at the marking station for the agent's answer before it leaves. */
  private static final int MARK_CYCLES = 10;

  Production(PlcSimulatorConfig config, List<StationSim> stations) {
    this.config = config;
    this.stations = stations;
    stations.forEach(s -> queues.put(s.id(), new ArrayDeque<>()));
  }

  synchronized void start(boolean firstStationMarks) {
    if (clock != null) {
      return;
    }
    marking = firstStationMarks;
    clock =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("plc-production-" + config.line()));
    for (int i = 0; i < stations.size(); i++) {
      int index = i;
      long period = Math.max(10, stations.get(i).spec().cycleTime().toMillis());
      clock.scheduleAtFixedRate(() -> step(index), period, period, TimeUnit.MILLISECONDS);
    }
  }

  synchronized void stop() {
    if (clock != null) {
      clock.shutdownNow();
      clock = null;
    }
  }

  private synchronized void step(int index) {
    StationSim st = stations.get(index);
    StationSpec spec = st.spec();
    if (st.state() == 5) {
      if (random.nextDouble() < 0.3) {
        st.setState(1, null);
      }
      return;
    }
    if (spec.faultRate() > 0 && random.nextDouble() < spec.faultRate()) {
      st.setState(5, "E" + (100 + random.nextInt(20)));
      return;
    }
    if (index == 0 && marking) {
      markingStep(st);
      return;
    }
    String unit;
    if (index == 0) {
      unit = config.line() + "-" + nextUnit++;
    } else {
      unit = queues.get(st.id()).pollFirst();
      if (unit == null) {
        if (st.state() != 4) {
          st.setState(4, null); // starved
        }
        return;
      }
    }
    if (st.state() != 1) {
      st.setState(1, null);
    }
    st.setPartPresent(true);
    boolean ok = random.nextDouble() >= spec.nokRate();
    Map<String, Double> values = new LinkedHashMap<>();
    for (String name : spec.processValues()) {
      double base = 10 + Math.abs(name.hashCode() % 90);
      values.put(name, Math.round((base + random.nextGaussian() * base * 0.02) * 100) / 100.0);
    }
    st.completeCycle(unit, ok, ok ? null : "NOK-" + spec.id(), values);
    if (ok && index + 1 < stations.size()) {
      queues.get(stations.get(index + 1).id()).addLast(unit);
    }
  }

  /**
   * The marking station: a part arrives (PartPresent true, AgentResult cleared); on a later cycle,
   * once the agent has answered, it leaves (PartPresent false) and goes on if the answer was OK.
   */
  private void markingStep(StationSim st) {
    if (markWait < 0) {
      if (st.state() != 1) {
        st.setState(1, null);
      }
      st.clearAgentResult();
      st.setPartPresent(true);
      markWait = 0;
      return;
    }
    int answer = st.agentResult();
    if (answer == 0 && ++markWait < MARK_CYCLES) {
      return;
    }
    st.setPartPresent(false);
    st.clearAgentResult();
    markWait = -1;
    String unit = config.line() + "-" + nextUnit++;
    if (answer == 1 && stations.size() > 1) {
      queues.get(stations.get(1).id()).addLast(unit);
    }
  }
}
