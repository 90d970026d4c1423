package org.unitrace.core.analysis;

import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.QueryBudget;

/**
 * Common-factor analysis. A POST because the question (a list of serials) is a body, but it only
 * reads: any person's role may ask.
 */
@RestController
@RequestMapping("/api/analysis")
@RequiredArgsConstructor
class AnalysisController {

  private final CommonFactors commonFactors;
  private final QueryBudget budget;

  record CommonFactorsRequest(List<String> serials) {}

  @PostMapping("/common-factors")
  CommonFactors.Analysis commonFactors(@RequestBody CommonFactorsRequest request) {
    List<String> serials = request == null ? null : request.serials();
    return budget.run(
        "the common-factor analysis of %d units".formatted(serials == null ? 0 : serials.size()),
        "give fewer serials (the returned units that failed the same way)",
        () -> commonFactors.analyse(serials));
  }
}
