package org.unitrace.core.genealogy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.NotFoundException;

/** Looking a serial up, backward (what is in it) and forward (where it went in). */
@RestController
@RequestMapping("/api")
class GenealogyController {

  private static final int TIMELINE_LIMIT = 10_000;

  private final GenealogyRepository repository;

  GenealogyController(GenealogyRepository repository) {
    this.repository = repository;
  }

  @GetMapping("/units/{serial}")
  UnitView unit(@PathVariable String serial) {
    List<UnitView.TimelineEntry> timeline = repository.timeline(serial, TIMELINE_LIMIT);
    GenealogyRepository.UnitRow row =
        repository
            .unit(serial)
            .orElseGet(
                () -> {
                  if (timeline.isEmpty()) {
                    throw new NotFoundException("unit", serial);
                  }
                  // known only as a component bound somewhere: shown with what is known
                  return new GenealogyRepository.UnitRow(
                      serial, null, null, null, null, null, null, null, null, null);
                });
    return new UnitView(
        row.serial(),
        row.partNumber(),
        row.revision(),
        row.runId(),
        row.site(),
        row.line(),
        row.station(),
        row.status(),
        row.statusReason(),
        row.serializedAt(),
        repository.place(serial).orElse(null),
        repository.stolen(serial).orElse(null),
        timeline);
  }

  @GetMapping("/units/{serial}/genealogy")
  GenealogyNode genealogy(@PathVariable String serial) {
    List<GenealogyRepository.Edge> edges = repository.edgesBelow(serial);
    Set<String> serials = new HashSet<>();
    serials.add(serial);
    edges.forEach(e -> serials.add(e.component().componentSerial()));
    serials.remove(null);
    Map<String, GenealogyRepository.UnitRow> units = repository.units(serials);
    if (!units.containsKey(serial) && edges.isEmpty()) {
      throw new NotFoundException("unit", serial);
    }
    Map<String, List<GenealogyNode.Component>> byUnit = new LinkedHashMap<>();
    edges.forEach(
        e -> byUnit.computeIfAbsent(e.unitSerial(), k -> new ArrayList<>()).add(e.component()));
    return new TreeBuilder(byUnit, units).node(serial, new HashSet<>());
  }

  @GetMapping("/trace/where-used")
  WhereUsedView whereUsed(
      @RequestParam(required = false) String componentSerial,
      @RequestParam(required = false) String partNumber,
      @RequestParam(required = false) String lot) {
    WhereUsedQuery query = new WhereUsedQuery(componentSerial, partNumber, lot);
    List<WhereUsedView.AffectedUnit> units = repository.whereUsed(query);
    int topLevel = (int) units.stream().filter(WhereUsedView.AffectedUnit::topLevel).count();
    return new WhereUsedView(query.describe(), units.size(), topLevel, units);
  }

  /** Builds nodes from the flat edge list; {@code onPath} guards against a cyclic binding. */
  private record TreeBuilder(
      Map<String, List<GenealogyNode.Component>> byUnit,
      Map<String, GenealogyRepository.UnitRow> units) {

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
      return row == null
          ? new GenealogyNode(serial, null, null, null, null, current, removed)
          : new GenealogyNode(
              serial,
              row.partNumber(),
              row.revision(),
              row.runId(),
              row.status(),
              current,
              removed);
    }
  }
}
