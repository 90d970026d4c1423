package org.unitrace.core.genealogy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.http.MediaType;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.QueryBudget;

/** Looking a serial up, backward (what is in it) and forward (where it went in). */
@RestController
@RequestMapping("/api")
@RequiredArgsConstructor
class GenealogyController {

  private static final int TIMELINE_LIMIT = 10_000;

  /** What a caller can change when a forward trace runs past the query budget. */
  static final String NARROW_TRACE =
      "trace from something smaller (a lot or a run rather than a supplier or a whole line), give"
          + " a supplier its partNumber, a station or line a shorter from/to window or a shift,"
          + " or ask for topLevelOnly=true and a smaller limit";

  private final GenealogyRepository repository;
  private final WhereUsedJson whereUsedJson;
  private final QueryBudget budget;

  /**
   * The unit as of one moment: its row, place and timeline are read in one snapshot, so the status
   * answered is the one its timeline ends in, even while the line's events are being stored.
   */
  @GetMapping("/units/{serial}")
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
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
        row,
        repository.place(serial).orElse(null),
        repository.stolen(serial).orElse(null),
        timeline);
  }

  @GetMapping("/units/{serial}/genealogy")
  GenealogyNode genealogy(@PathVariable String serial) {
    GenealogyRepository.Tree tree =
        budget.query(
            "the genealogy of unit '%s'".formatted(serial),
            "ask for a sub-assembly's genealogy (a serial further down the tree) rather than the"
                + " whole unit's",
            repository.tree(serial));
    if (!tree.units().containsKey(serial) && tree.edges().isEmpty()) {
      throw new NotFoundException("unit", serial);
    }
    Map<String, List<GenealogyNode.Component>> byUnit = new LinkedHashMap<>();
    tree.edges()
        .forEach(
            e -> byUnit.computeIfAbsent(e.unitSerial(), k -> new ArrayList<>()).add(e.component()));
    return new TreeBuilder(byUnit, tree.units(), tree.runs(), tree.stationEvents())
        .node(serial, new HashSet<>());
  }

  /**
   * Forward trace. The query parameters are those of {@link WhereUsedQuery#PARAMETERS}; {@code
   * offset} and {@code limit} page the answer (the counts are of the whole set), {@code
   * topLevelOnly} keeps just the units not bound into others. The answer is a {@link
   * WhereUsedView}, written as JSON straight from the rows ({@link WhereUsedJson}), sent once the
   * transaction has ended.
   */
  @Operation(
      summary = "Forward trace: every unit that contains, or is, what the query names",
      description =
          "One of: componentSerial | partNumber+lot [loaded=true] | materialLoadId | supplier"
              + " [partNumber] | partNumber+serialFrom+serialTo | runId | site+line+station"
              + " [from, to] | site+line [shift, from, to]. Paging: offset, limit (1..10000),"
              + " topLevelOnly. See docs/trace.md.")
  @ApiResponse(
      responseCode = "200",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = WhereUsedView.class)))
  @GetMapping("/trace/where-used")
  void whereUsed(
      @RequestParam Map<String, String> parameters,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(defaultValue = "1000") int limit,
      @RequestParam(defaultValue = "false") boolean topLevelOnly,
      HttpServletResponse response)
      throws IOException {
    Map<String, String> query = new LinkedHashMap<>(parameters);
    query.keySet().removeAll(Set.of("offset", "limit", "topLevelOnly"));
    WhereUsedQuery q = WhereUsedQuery.parse(query);
    ChunkedBuffer json = new ChunkedBuffer();
    budget.run(
        "the forward trace of %s (%s)".formatted(q.kind(), q.describe()),
        NARROW_TRACE,
        () -> {
          whereUsedJson.write(q, offset, limit, topLevelOnly, json);
          return null;
        });
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    json.writeTo(response.getOutputStream());
  }
}
