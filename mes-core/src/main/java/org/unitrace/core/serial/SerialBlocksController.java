package org.unitrace.core.serial;

import io.swagger.v3.oas.annotations.Operation;
import java.security.Principal;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.unitrace.core.security.LineScope;

/** Serial blocks over HTTP: agents take ranges, people see who holds which. */
@RestController
@RequestMapping("/api/serial-blocks")
@RequiredArgsConstructor
class SerialBlocksController {

  private final SerialBlocks blocks;

  /** The answer to an allocation: the range, inclusive. */
  record Allocated(long first, long last, String template, String period) {}

  @Operation(
      summary = "Allocate the next range of a template's sequence",
      description =
          "Atomic per (template, period): concurrent requests never overlap. An edge token may"
              + " only allocate for its own line. 409 when fewer numbers remain than asked.")
  @PostMapping
  Allocated allocate(@RequestBody BlockRequest request, Principal caller) {
    LineScope.current()
        .filter(s -> !s.covers(request.site(), request.line()))
        .ifPresent(
            s -> {
              throw new ResponseStatusException(
                  HttpStatus.FORBIDDEN,
                  "token of %s/%s may not allocate serials for %s/%s"
                      .formatted(s.site(), s.line(), request.site(), request.line()));
            });
    SerialBlock b = blocks.allocate(request, caller.getName());
    return new Allocated(b.first(), b.last(), b.template(), b.period());
  }

  @GetMapping
  List<SerialBlock> list(
      @RequestParam(required = false) String site,
      @RequestParam(required = false) String line,
      @RequestParam(required = false) String template) {
    return blocks.list(site, line, template);
  }
}
