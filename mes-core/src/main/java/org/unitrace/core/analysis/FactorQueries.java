package org.unitrace.core.analysis;

import java.util.Arrays;
import java.util.Map;
import org.unitrace.core.genealogy.WhereUsedQuery;

/**
 * Turns a factor, as the common-factor analysis answered it ({@code kind} and {@code parameters}),
 * back into the forward trace that counted it, so a recall made from the factor holds the very
 * units the analysis listed. A kind and parameters that do not belong together are refused: a
 * campaign must not silently recall something else than the factor named.
 */
public final class FactorQueries {

  private FactorQueries() {}

  public static WhereUsedQuery of(String kind, Map<String, String> parameters) {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException(
          "'fromFactor.kind' is required (one of %s)"
              .formatted(Arrays.toString(Factor.Kind.values())));
    }
    Factor.Kind k;
    try {
      k = Factor.Kind.valueOf(kind.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'fromFactor.kind' must be one of %s, was '%s'"
              .formatted(Arrays.toString(Factor.Kind.values()), kind));
    }
    if (parameters == null || parameters.isEmpty()) {
      throw new IllegalArgumentException(
          "'fromFactor.parameters' is required: the factor's parameters as the analysis gave them");
    }
    WhereUsedQuery query;
    try {
      query = WhereUsedQuery.parse(parameters);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'fromFactor.parameters': " + e.getMessage());
    }
    Class<? extends WhereUsedQuery> expected =
        switch (k) {
          case SUPPLIER_LOT -> WhereUsedQuery.Lot.class;
          case RUN -> WhereUsedQuery.Run.class;
          case SHIFT, LINE, TIME_WINDOW -> WhereUsedQuery.LineWindow.class;
          case STATION -> WhereUsedQuery.StationWindow.class;
          case SUPPLIER -> WhereUsedQuery.Supplier.class;
          case COMPONENT_SERIAL_RANGE -> WhereUsedQuery.SerialRange.class;
        };
    if (!expected.isInstance(query)) {
      throw new IllegalArgumentException(
          "'fromFactor.parameters' (%s) describe a %s trace, not a %s factor"
              .formatted(query.describe(), query.kind(), k));
    }
    return query;
  }
}
