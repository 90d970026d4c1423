package org.unitrace.core.genealogy;

import java.util.List;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;

/**
 * Forward trace for other features (recalls, common-factor analysis): every unit that contains what
 * the query names, or is it, up to the top level.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Trace {

  /** The most units one page of a trace returns. */
  public static final int MAX_PAGE = 10_000;

  private final ForwardTrace forward;

  /** The whole affected set (a recall needs every unit). */
  public List<WhereUsedView.AffectedUnit> whereUsed(WhereUsedQuery query) {
    return forward.trace(query, ForwardTrace.Page.ALL).units();
  }

  /**
   * One page of the affected set, with the counts of the whole set; {@code topLevelOnly} leaves out
   * units that are bound into others.
   */
  public WhereUsedView whereUsed(
      WhereUsedQuery query, int offset, int limit, boolean topLevelOnly) {
    ForwardTrace.Result r =
        forward.trace(query, ForwardTrace.Page.asked(offset, limit, topLevelOnly, MAX_PAGE));
    return new WhereUsedView(
        query.describe(),
        r.total(),
        r.topLevel(),
        r.units(),
        query.kind(),
        offset,
        limit,
        topLevelOnly);
  }

  /**
   * How many top-level units contain (or are) what the query names, for ranking: exact up to {@code
   * cap} starting rows (bindings, units or station events, counted on an index first), beyond that
   * a lower bound from the first {@code sample} of them ({@link TopLevelCount#atLeast()}), so a
   * broad query (a supplier of every unit, a whole line) costs no more than a narrow one. {@code
   * listed} serials of them come along, in serial order.
   */
  public TopLevelCount countTopLevel(WhereUsedQuery query, int cap, int sample, int listed) {
    ForwardTrace.TopLevelSample s = forward.topLevel(query, cap, sample, listed);
    return new TopLevelCount(s.count(), s.capped(), s.first());
  }

  /** A count of top-level units; {@code atLeast} when it stopped at the cap. */
  public record TopLevelCount(int count, boolean atLeast, List<String> first) {}
}
