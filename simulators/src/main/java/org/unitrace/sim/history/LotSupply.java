package org.unitrace.sim.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The lots of one part on one line, used up one after another: a lot is loaded at its station when
 * the previous one runs out (or is pulled, as the faulty lot is) and unloaded then.
 */
final class LotSupply {

  /** A supplier lot as registered, with its material load at the station. */
  record Lot(
      String partNumber,
      String lot,
      String supplier,
      long quantity,
      String station,
      Instant loadedAt,
      Instant unloadedAt) {}

  private final Part part;
  private final String line;
  private final Random random;
  private final List<Lot> done = new ArrayList<>();
  private String lot;
  private String supplier;
  private long capacity;
  private long left;
  private Instant loadedAt;
  private int counter;

  LotSupply(Part part, String line, Random random) {
    this.part = part;
    this.line = line;
    this.random = random;
  }

  /** The lot the next unit takes its quantity from, at {@code at}. */
  String take(Instant at) {
    if (lot == null || left <= 0) {
      open(
          at,
          null,
          null,
          part.minLotUnits() + random.nextInt(part.maxLotUnits() - part.minLotUnits() + 1));
    }
    left--;
    return lot;
  }

  String supplier() {
    return supplier;
  }

  /**
   * Pulls the current lot and loads {@code lotCode} from {@code supplierName} for {@code units}.
   */
  void switchTo(Instant at, String lotCode, String supplierName, int units) {
    close(at);
    open(at, lotCode, supplierName, units);
  }

  /** Every lot this supply used; the one still loaded has no unload time. */
  List<Lot> lots() {
    List<Lot> all = new ArrayList<>(done);
    if (lot != null) {
      all.add(loaded(null));
    }
    return all;
  }

  private void open(Instant at, String lotCode, String supplierName, long units) {
    close(at);
    counter++;
    supplier =
        supplierName != null
            ? supplierName
            : part.suppliers().get(random.nextInt(part.suppliers().size()));
    lot =
        lotCode != null
            ? lotCode
            : "%s-%s-%s%03d".formatted(part.partNumber(), code(supplier), line, counter);
    capacity = units;
    left = units;
    loadedAt = at.minus(Duration.ofMinutes(1));
  }

  /** The lot loaded now, unloaded at {@code unloadedAt} (null: still loaded). */
  private Lot loaded(Instant unloadedAt) {
    return new Lot(
        part.partNumber(),
        lot,
        supplier,
        capacity * part.quantity(),
        part.station(),
        loadedAt,
        unloadedAt);
  }

  private void close(Instant at) {
    if (lot != null) {
      done.add(loaded(at));
      lot = null;
    }
  }

  static String code(String supplier) {
    return supplier.replaceAll("[^A-Za-z]", "").substring(0, 3).toUpperCase();
  }
}
