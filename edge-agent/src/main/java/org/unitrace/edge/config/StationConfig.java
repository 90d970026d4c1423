package org.unitrace.edge.config;

import java.util.List;
import java.util.Map;
import org.unitrace.contract.EventPayload.StationState;

/**
 * One station of the line: what it does, where its signals come from, how the agent knows which
 * unit it is working on, and the devices (marker, scanners) wired to it.
 */
public record StationConfig(
    String id, Kind kind, UnitSource unit, Signals signals, Map<String, DeviceConfig> devices) {

  /** What the station does on the line. */
  public enum Kind {
    MARKING,
    ASSEMBLY,
    TEST,
    PACK,
    OTHER
  }

  /**
   * How the agent learns which unit is at the station: a scan at the station, the unit identifier
   * signal from the PLC, or hand-over in order from the upstream station.
   */
  public record UnitSource(Mode mode, String from, int capacity, boolean passNok) {
    public enum Mode {
      SCAN,
      SIGNAL,
      FIFO
    }
  }

  /** Counter increments are safe across sampling; a rising edge can be missed by a short pulse. */
  public enum CycleMode {
    COUNTER,
    RISING_EDGE
  }

  public record CycleTrigger(SignalBinding binding, CycleMode mode) {}

  /** The result signal and which of its raw values mean OK and NOK (compared as text). */
  public record ResultSignal(SignalBinding binding, List<String> ok, List<String> nok) {}

  /** The machine-state signal and what each of its raw values means. */
  public record StateSignal(SignalBinding binding, Map<String, StationState> codes) {}

  /** Every signal is optional except as the station's logic needs it (checked at load). */
  public record Signals(
      SignalBinding partPresent,
      CycleTrigger cycle,
      ResultSignal result,
      SignalBinding failureCode,
      SignalBinding unitId,
      Map<String, SignalBinding> processValues,
      StateSignal state,
      SignalBinding faultCode,
      SignalBinding agentResult) {}

  /** A device at the station: its channel ({@code serial:/dev/ttyUSB0?...}, {@code tcp://...}). */
  public record DeviceConfig(String name, String driver, String channel) {}
}
