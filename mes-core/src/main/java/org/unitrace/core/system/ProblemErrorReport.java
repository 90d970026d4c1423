package org.unitrace.core.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Tomcat's own error report, for what it refuses before the application sees the request (a request
 * line or headers it cannot take, an overlong URL): a problem body like every other error of the
 * API, in place of Tomcat's HTML page.
 */
@Component
class ProblemErrorReport
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          if (context.getParent() instanceof StandardHost host) {
            for (Valve valve : host.getPipeline().getValves()) {
              if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve); // Boot's, without the report
              }
            }
            host.getPipeline().addValve(new Report());
            host.setErrorReportValveClass(Report.class.getName()); // no second one at start
          }
        });
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE; // after Boot's customizer added its valve
  }

  /** Writes the status and Tomcat's message (never a stack trace) as a problem body. */
  static final class Report extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int code = response.getStatus();
      if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      AtomicBoolean ioAllowed = new AtomicBoolean(true);
      response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
      if (!ioAllowed.get()) {
        return;
      }
      HttpStatus status = HttpStatus.resolve(code);
      String message = response.getMessage();
      String detail =
          code >= 500
              ? "internal error; the server log has the details"
              : message != null && !message.isBlank()
                  ? message
                  : status != null ? status.getReasonPhrase().toLowerCase() : "error " + code;
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", status != null ? status.getReasonPhrase() : "Error");
      problem.put("status", code);
      problem.put("detail", detail);
      try {
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("utf-8");
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(JSON.writeValueAsString(problem));
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // the connection is gone or the answer started: nothing more to tell
      }
    }
  }
}
