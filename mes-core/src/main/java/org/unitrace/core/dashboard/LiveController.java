package org.unitrace.core.dashboard;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live feed every dashboard page listens to. */
@RestController
class LiveController {

  private final LiveFeed live;

  LiveController(LiveFeed live) {
    this.live = live;
  }

  @Operation(
      summary = "Live feed (server-sent events) of what was stored",
      description =
          "Event 'stored' per interval with stored events per line (serialized, ok, nok, mark"
              + " failures) and station state changes.")
  @GetMapping(path = "/api/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter live() {
    return live.subscribe();
  }
}
