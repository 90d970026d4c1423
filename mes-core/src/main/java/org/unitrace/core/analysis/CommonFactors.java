package org.unitrace.core.analysis;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.genealogy.Trace;
import org.unitrace.core.genealogy.WhereUsedQuery;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.SerialList;

/**
 * What a few units (returned or failed) have in common. Each factor of each unit's as-built tree is
 * a candidate; those shared by at least two of the units (by the one, if only one is given) are
 * counted over the whole plant with the forward trace, and ranked: shared by more of the given
 * units first, then factors that exist on their own before derived ones, then those counted exactly
 * before broad ones (more than {@link #SEED_CAP} starting rows: only bounded), then the fewest
 * units sharing it (the most specific). The candidates come from the given units' own trees (a few
 * dozen rows); each factor costs at most {@link #SEED_CAP} index entries and a walk of at most that
 * many units, a broad one of {@link #BROAD_SAMPLE}: never the whole of a supplier.
 */
@Service
@RequiredArgsConstructor
class CommonFactors {

  static final int MAX_SERIALS = 50;
  static final int OTHERS_LISTED = 50;

  /**
   * Past this many starting rows (the bindings, units or station events the factor's trace starts
   * from, counted on an index) a factor is broad: its count becomes a lower bound.
   */
  static final int SEED_CAP = 10_000;

  /**
   * How many of a broad factor's starting rows are walked up to the top level for its lower bound
   * and its list of other units: a supplier of 300,000 units costs what 500 do.
   */
  static final int BROAD_SAMPLE = 500;

  private final FactorCandidates candidates;
  private final Trace trace;

  record Analysis(List<String> serials, int factorCount, List<Factor> factors) {}

  @Transactional(readOnly = true)
  Analysis analyse(List<String> requested) {
    Set<String> serials = SerialList.check(requested, MAX_SERIALS, SerialList.Repeats.MERGE);
    Set<String> missing = new TreeSet<>(serials);
    candidates.known(serials).forEach(missing::remove);
    if (!missing.isEmpty()) {
      throw new NotFoundException("units", String.join("', '", missing));
    }
    int needed = Math.min(2, serials.size());
    List<FactorCandidates.Row> rows = candidates.of(serials);
    List<Factor> factors = new ArrayList<>();
    for (Candidate c : discrete(rows)) {
      if (c.roots().size() >= needed) {
        factors.add(count(c, serials));
      }
    }
    if (serials.size() > 1) {
      for (Candidate c : derived(serials, rows)) {
        if (c.roots().size() >= needed) {
          factors.add(count(c, serials));
        }
      }
    }
    factors.sort(
        Comparator.comparingInt((Factor f) -> -f.sharedBy())
            .thenComparing(Factor::derived)
            .thenComparing(Factor::unitCountIsLowerBound)
            .thenComparingInt(f -> f.unitCountIsLowerBound() ? 0 : f.unitCount())
            .thenComparing(Factor::kind)
            .thenComparing(Factor::description));
    List<Factor> ranked = new ArrayList<>();
    for (int i = 0; i < factors.size(); i++) {
      ranked.add(factors.get(i).ranked(i + 1));
    }
    return new Analysis(List.copyOf(serials), ranked.size(), ranked);
  }

  private record Candidate(
      Factor.Kind kind, String description, WhereUsedQuery query, Set<String> roots) {}

  private static List<Candidate> discrete(List<FactorCandidates.Row> rows) {
    Map<List<String>, Candidate> byKey = new LinkedHashMap<>();
    for (FactorCandidates.Row r : rows) {
      Factor.Kind kind = Factor.Kind.valueOf(r.kind());
      if (kind == Factor.Kind.COMPONENT_SERIAL_RANGE) {
        continue;
      }
      List<String> key = new ArrayList<>();
      key.add(r.kind());
      key.add(r.a());
      key.add(r.b());
      key.add(kind == Factor.Kind.SUPPLIER_LOT ? null : r.c());
      byKey
          .computeIfAbsent(
              key, k -> new Candidate(kind, describe(kind, r), query(kind, r), new TreeSet<>()))
          .roots()
          .add(r.root());
    }
    return List.copyOf(byKey.values());
  }

  /** Serial ranges per component part number and the time window per line, around the units. */
  private List<Candidate> derived(Set<String> serials, List<FactorCandidates.Row> rows) {
    Map<String, TreeSet<String>> serialsByPart = new LinkedHashMap<>();
    Map<String, Set<String>> rootsByPart = new LinkedHashMap<>();
    for (FactorCandidates.Row r : rows) {
      if (r.kind().equals(Factor.Kind.COMPONENT_SERIAL_RANGE.name())) {
        serialsByPart.computeIfAbsent(r.a(), k -> new TreeSet<>()).add(r.b());
        rootsByPart.computeIfAbsent(r.a(), k -> new TreeSet<>()).add(r.root());
      }
    }
    List<Candidate> derived = new ArrayList<>();
    serialsByPart.forEach(
        (part, found) -> {
          WhereUsedQuery q = new WhereUsedQuery.SerialRange(part, found.first(), found.last());
          derived.add(
              new Candidate(
                  Factor.Kind.COMPONENT_SERIAL_RANGE,
                  "%s serials %s to %s".formatted(part, found.first(), found.last()),
                  q,
                  rootsByPart.get(part)));
        });
    Map<List<String>, List<FactorCandidates.Made>> byLine = new LinkedHashMap<>();
    for (FactorCandidates.Made m : candidates.made(serials)) {
      if (m.serializedAt() != null && m.site() != null && m.line() != null) {
        byLine.computeIfAbsent(List.of(m.site(), m.line()), k -> new ArrayList<>()).add(m);
      }
    }
    byLine.forEach(
        (line, made) -> {
          OffsetDateTime first =
              made.stream()
                  .map(FactorCandidates.Made::serializedAt)
                  .min(Comparator.naturalOrder())
                  .orElseThrow();
          OffsetDateTime last =
              made.stream()
                  .map(FactorCandidates.Made::serializedAt)
                  .max(Comparator.naturalOrder())
                  .orElseThrow();
          OffsetDateTime end = last.plus(Duration.ofMillis(1));
          Set<String> roots = new TreeSet<>();
          made.forEach(m -> roots.add(m.serial()));
          derived.add(
              new Candidate(
                  Factor.Kind.TIME_WINDOW,
                  "made on %s/%s between %s and %s"
                      .formatted(line.get(0), line.get(1), first, last),
                  new WhereUsedQuery.LineWindow(
                      line.get(0), line.get(1), null, first.toInstant(), end.toInstant()),
                  roots));
        });
    return derived;
  }

  private Factor count(Candidate c, Set<String> serials) {
    Trace.TopLevelCount found =
        trace.countTopLevel(c.query(), SEED_CAP, BROAD_SAMPLE, OTHERS_LISTED + serials.size());
    List<String> others =
        found.first().stream().filter(s -> !serials.contains(s)).limit(OTHERS_LISTED).toList();
    return new Factor(
        0,
        c.kind(),
        c.description(),
        c.query().asParameters(),
        c.roots().size(),
        List.copyOf(c.roots()),
        found.count(),
        found.atLeast(),
        Math.max(0, found.count() - c.roots().size()),
        others,
        "/api/trace/where-used?" + c.query().toQueryString() + "&topLevelOnly=true",
        c.kind().derived());
  }

  private static WhereUsedQuery query(Factor.Kind kind, FactorCandidates.Row r) {
    return switch (kind) {
      case RUN -> new WhereUsedQuery.Run(r.a());
      case LINE -> new WhereUsedQuery.LineWindow(r.a(), r.b());
      case SHIFT -> new WhereUsedQuery.LineWindow(r.a(), r.b(), r.c(), null, null);
      case STATION -> new WhereUsedQuery.StationWindow(r.a(), r.b(), r.c(), null, null);
      case SUPPLIER_LOT -> new WhereUsedQuery.Lot(r.a(), r.b());
      case SUPPLIER -> new WhereUsedQuery.Supplier(r.b(), r.a());
      default -> throw new IllegalStateException("not a discrete factor: " + kind);
    };
  }

  private static String describe(Factor.Kind kind, FactorCandidates.Row r) {
    return switch (kind) {
      case RUN -> "run " + r.a();
      case LINE -> "line %s/%s".formatted(r.a(), r.b());
      case SHIFT -> "shift %s on line %s/%s".formatted(r.c(), r.a(), r.b());
      case STATION -> "station %s/%s/%s".formatted(r.a(), r.b(), r.c());
      case SUPPLIER_LOT ->
          "lot %s of %s%s".formatted(r.b(), r.a(), r.c() == null ? "" : " from " + r.c());
      case SUPPLIER -> "%s from %s".formatted(r.a(), r.b());
      default -> kind.name();
    };
  }
}
