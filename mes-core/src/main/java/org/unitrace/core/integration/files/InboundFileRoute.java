package org.unitrace.core.integration.files;

import java.time.Instant;
import lombok.RequiredArgsConstructor;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;

/**
 * One inbound flow from one source: takes each finished file ({@link FileSource} decides when a
 * file is finished and which instance takes it), has {@link InboundFiles} decide and import it,
 * writes the error report beside it in {@code error/}, and lets the consumer move it to {@code
 * done/} or {@code error/}. A failure that is not the file's leaves it in place for the next poll.
 */
@RequiredArgsConstructor
class InboundFileRoute extends RouteBuilder {

  static final String MOVE_TO = "unitraceMoveTo";
  static final String REPORT_PATH = "unitraceReportPath";

  private final String routeId;
  private final InboundFlow flow;
  private final FileSource source;
  private final InboundFiles files;
  private final LeaseFilter lease;

  String routeId() {
    return routeId;
  }

  @Override
  public void configure() {
    String filterBean = routeId() + "-lease";
    getCamelContext().getRegistry().bind(filterBean, lease);
    from(source.consumerUri("#" + filterBean, "${exchangeProperty." + MOVE_TO + "}"))
        .routeId(routeId())
        .process(this::take)
        .filter(exchangeProperty(REPORT_PATH).isNotNull())
        .to(source.reportUri("${exchangeProperty." + REPORT_PATH + "}"))
        .end();
  }

  private void take(Exchange exchange) {
    GenericFile<?> file = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
    byte[] content = exchange.getIn().getBody(byte[].class);
    if (content == null) {
      throw new IllegalStateException("cannot read " + file.getFileName() + " from " + source.id());
    }
    DroppedFile dropped =
        new DroppedFile(
            flow.name(),
            source.id(),
            file.getFileName(),
            content.length,
            file.getLastModified() > 0 ? Instant.ofEpochMilli(file.getLastModified()) : null,
            content);
    Outcome outcome = files.take(dropped, flow);
    exchange.setProperty(MOVE_TO, outcome.moveTo());
    if (outcome.report() != null) {
      exchange.setProperty(REPORT_PATH, outcome.reportPath());
      exchange.getIn().setBody(outcome.report());
    }
  }
}
