package org.unitrace.core.quality;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/**
 * A campaign's holds go through {@link Holds}, all at once, and each is a hold like any other: the
 * line's agents get the retained command, the shipping desk refuses the unit, and the unit's own
 * audit trail shows it. The campaign records which holds are its own and releases only those.
 */
@Component
@RequiredArgsConstructor
class CampaignHolds {

  private final Holds holds;
  private final CampaignUnits units;
  private final AuditLog audit;

  /**
   * Holds the top-level units on their line or in stock that no one holds yet; answers their
   * serials, for {@link #recordHolds} once the campaign's own creation is recorded.
   */
  List<String> holdWhatIsStillOurs(long recallId, String reason, String by) {
    List<Holds.Hold> placed =
        holds.holdAll(
            units.toHold(recallId), "recall #" + recallId + ": " + reason.strip(), recallId, by);
    units.heldBy(recallId, placed);
    return placed.stream().map(Holds.Hold::unitSerial).toList();
  }

  /** Records on the campaign the holds it placed, if any. */
  void recordHolds(long recallId, List<String> held, String reason) {
    if (!held.isEmpty()) {
      audit.record("recall.hold", "recall", String.valueOf(recallId), null, summary(held), reason);
    }
  }

  /**
   * Releases the campaign's holds still in force, of {@code serials} (null: all). A listed unit not
   * in the campaign is a 404, one the campaign does not hold a 409; either way nothing is released.
   * Answers how many were released; nothing to release records nothing.
   */
  int release(
      long recallId, Collection<String> serials, String reason, String auditReason, String by) {
    if (serials != null) {
      if (serials.isEmpty()) {
        throw new IllegalArgumentException("'serials', when given, must list at least one serial");
      }
      Set<String> missing = new TreeSet<>(serials);
      units.of(recallId, serials).forEach(u -> missing.remove(u.unitSerial()));
      if (!missing.isEmpty()) {
        throw new NotFoundException(
            "recall #%d unit%s".formatted(recallId, missing.size() == 1 ? "" : "s"),
            String.join("', '", missing));
      }
    }
    List<String> held = units.stillHeld(recallId, serials);
    if (serials != null) {
      Set<String> notHeld = new TreeSet<>(serials);
      held.forEach(notHeld::remove);
      if (!notHeld.isEmpty()) {
        throw new ConflictException(
            "recall #%d does not hold unit%s '%s'"
                .formatted(recallId, notHeld.size() == 1 ? "" : "s", String.join("', '", notHeld)));
      }
    }
    if (held.isEmpty()) {
      return 0;
    }
    holds.releaseAll(held, "recall #" + recallId + ": " + reason.strip(), by);
    audit.record(
        "recall.release", "recall", String.valueOf(recallId), null, summary(held), auditReason);
    return held.size();
  }

  private static Map<String, Object> summary(List<String> serials) {
    return Map.of("units", serials.size(), "serials", serials.size() <= 1000 ? serials : List.of());
  }
}
