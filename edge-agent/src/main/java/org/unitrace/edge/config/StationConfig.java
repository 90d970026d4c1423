package org.unitrace.edge.config;

import java.util.List;
import java.util.Map;
import org.unitrace.contract.EventPayload.StationState;

/**
 * One station of the line: what it does, where its signals come from, how the agent knows which
 * unit it is working on, and the devices (marker, scanners) wired to it.
 */
public record StationConfig(
    String id,
    Kind kind,
    UnitSource unit,
    Signals signals,
    Map<String, DeviceConfig> devices,
    Marking marking,
    Binding binding,
    boolean completes) {

  /** The device names a station may have, each with its one job. */
  public static final java.util.Set<String> DEVICE_ROLES =
      java.util.Set.of("marker", "verifier", "scanner");

  public StationConfig(
      String id, Kind kind, UnitSource unit, Signals signals, Map<String, DeviceConfig> devices) {
    this(id, kind, unit, signals, devices, null, null, false);
  }

  public java.util.Optional<DeviceConfig> device(String role) {
    return java.util.Optional.ofNullable(devices.get(role));
  }

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
      FIFO,
      /** The marking station's own unit: the one it gave a serial. */
      MARKED
    }
  }

  /**
   * Counter increments are safe across sampling; a rising edge can be missed by a short pulse; a
   * handshake counter is held by the PLC, with its data, until the agent acknowledges it.
   */
  public enum CycleMode {
    COUNTER,
    RISING_EDGE,
    HANDSHAKE
  }

  /**
   * What tells the agent a cycle is complete; {@code acknowledge} (handshake mode only) is where
   * the agent writes back the count it has recorded, so the PLC may clear the data and go on.
   */
  public record CycleTrigger(SignalBinding binding, CycleMode mode, SignalBinding acknowledge) {
    public CycleTrigger(SignalBinding binding, CycleMode mode) {
      this(binding, mode, null);
    }

    /** Counter and handshake modes both count cycles. */
    public boolean counted() {
      return mode != CycleMode.RISING_EDGE;
    }
  }

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

  /**
   * A device at the station: its channel ({@code serial:/dev/ttyUSB0?...}, {@code tcp://...}), its
   * driver, and for a scanner whether the agent triggers it or it reads on its own.
   */
  public record DeviceConfig(
      String name, String driver, String channel, org.unitrace.line.device.scanner.ScanMode mode) {}

  /** A value fixed in the configuration, or read from a PLC signal when it is needed. */
  public record ValueSource(String fixed, SignalBinding signal) {
    public static ValueSource of(String fixed) {
      return new ValueSource(fixed, null);
    }
  }

  /**
   * What a marking station does when a part arrives: the run and product the new unit belongs to,
   * the marker job and its variable texts ({@code {serial}} stands for the serial issued), and how
   * the mark is verified.
   *
   * @param busyRetries how often a busy marker is asked again, {@code busyWait} apart
   * @param markAttempts how often the same serial is marked again after a marker error or timeout
   */
  public record Marking(
      ValueSource runId,
      ValueSource partNumber,
      ValueSource revision,
      ValueSource shift,
      String job,
      Map<String, String> variables,
      java.time.Duration markTimeout,
      int busyRetries,
      java.time.Duration busyWait,
      int markAttempts,
      Verify verify) {}

  /**
   * How a mark is read back: {@code expect} is what it must contain ({@code {serial}} stands for
   * the serial), {@code minGrade} the worst ISO/IEC 15415 grade accepted (null: any), a NOREAD is
   * read again up to {@code readAttempts} times.
   */
  public record Verify(
      String expect, String minGrade, int readAttempts, java.time.Duration readTimeout) {}

  /**
   * How component and material labels scanned at the station are read: GTINs of GS1 labels mapped
   * to part numbers, patterns for other labels, and whether the run's BOM decides what the station
   * may take.
   */
  public record Binding(
      Map<String, String> gtins,
      List<org.unitrace.line.label.LabelPattern> patterns,
      boolean bomCheck) {}
}
