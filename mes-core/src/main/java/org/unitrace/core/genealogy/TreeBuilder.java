package org.unitrace.core.genealogy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the as-built tree from the flat edge list and what is known of each unit; {@code onPath}
 * guards against a cyclic binding.
 */
record TreeBuilder(
    Map<String, List<GenealogyNode.Component>> byUnit,
    Map<String, GenealogyRepository.UnitRow> units,
    Map<String, GenealogyNode.Run> runs,
    Map<String, List<GenealogyNode.StationEvent>> stationEvents) {

  GenealogyNode node(String serial, Set<String> onPath) {
    onPath.add(serial);
    List<GenealogyNode.Component> current = new ArrayList<>();
    List<GenealogyNode.Component> removed = new ArrayList<>();
    for (GenealogyNode.Component c : byUnit.getOrDefault(serial, List.of())) {
      boolean isCurrent = c.boundAt() != null && c.unboundAt() == null;
      String child = c.componentSerial();
      GenealogyNode sub =
          isCurrent
                  && child != null
                  && !onPath.contains(child)
                  && (units.containsKey(child) || byUnit.containsKey(child))
              ? node(child, onPath)
              : null;
      GenealogyNode.Component withSub = c.withUnit(sub);
      (isCurrent ? current : removed).add(withSub);
    }
    onPath.remove(serial);
    GenealogyRepository.UnitRow row = units.get(serial);
    List<GenealogyNode.StationEvent> events = stationEvents.getOrDefault(serial, List.of());
    List<GenealogyNode.Rework> rework = rework(removed, byUnit.getOrDefault(serial, List.of()));
    if (row == null) {
      return new GenealogyNode(
          serial, null, null, null, null, current, removed, null, null, null, null, null, events,
          rework);
    }
    return new GenealogyNode(
        serial,
        row.partNumber(),
        row.revision(),
        row.runId(),
        row.status(),
        current,
        removed,
        row.site(),
        row.line(),
        row.station(),
        row.serializedAt(),
        row.runId() == null ? null : runs.get(row.runId()),
        events,
        rework);
  }

  /**
   * Each removal, oldest first, with the first binding of the same part number made at or after it
   * (and not already taken as another removal's replacement).
   */
  private static List<GenealogyNode.Rework> rework(
      List<GenealogyNode.Component> removed, List<GenealogyNode.Component> all) {
    List<GenealogyNode.Rework> steps = new ArrayList<>();
    List<GenealogyNode.Component> candidates =
        all.stream()
            .filter(c -> c.boundAt() != null)
            .sorted(Comparator.comparing(GenealogyNode.Component::boundAt))
            .toList();
    Set<Long> used = new java.util.HashSet<>();
    removed.stream()
        .filter(r -> r.unboundAt() != null)
        .sorted(Comparator.comparing(GenealogyNode.Component::unboundAt))
        .forEach(
            r -> {
              GenealogyNode.Component replacement =
                  candidates.stream()
                      .filter(c -> c.edgeId() != r.edgeId() && !used.contains(c.edgeId()))
                      .filter(c -> c.partNumber().equals(r.partNumber()))
                      .filter(c -> !c.boundAt().isBefore(r.unboundAt()))
                      .findFirst()
                      .orElse(null);
              if (replacement != null) {
                used.add(replacement.edgeId());
              }
              steps.add(
                  new GenealogyNode.Rework(
                      r.partNumber(),
                      r.withUnit(null),
                      r.unboundAt(),
                      r.unbindReason(),
                      replacement == null ? null : replacement.withUnit(null)));
            });
    return steps;
  }
}
