package org.unitrace.core.analysis;

import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Common-factor analysis. A POST because the question (a list of serials) is a body, but it only
 * reads: any person's role may ask.
 */
@RestController
@RequestMapping("/api/analysis")
class AnalysisController {

  private final CommonFactors commonFactors;

  AnalysisController(CommonFactors commonFactors) {
    this.commonFactors = commonFactors;
  }

  record CommonFactorsRequest(List<String> serials) {}

  @PostMapping("/common-factors")
  CommonFactors.Analysis commonFactors(@RequestBody CommonFactorsRequest request) {
    return commonFactors.analyse(request == null ? null : request.serials());
  }
}
