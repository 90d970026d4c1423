package org.unitrace.core.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No request body larger than {@code unitrace.http.max-body-bytes} (16 MiB) is read: a declared
 * length over it is answered 413 at once, and a chunked body is cut off when it passes it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

  private final long maxBytes;
  private final ObjectMapper json;

  RequestSizeLimit(
      @Value("${unitrace.http.max-body-bytes:16777216}") long maxBytes, ObjectMapper json) {
    this.maxBytes = maxBytes;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.PAYLOAD_TOO_LARGE,
              "request body of %d bytes exceeds the limit of %d bytes"
                  .formatted(declared, maxBytes));
      response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
      response.setContentType("application/problem+json");
      json.writeValue(response.getOutputStream(), problem);
      return;
    }
    chain.doFilter(declared >= 0 ? request : new Limited(request, maxBytes), response);
  }

  /** A body of unknown length passed the limit while it was read: a 413 ({@link ApiErrors}). */
  static final class BodyTooLarge extends IOException {
    BodyTooLarge(long max) {
      super("request body exceeds the limit of " + max + " bytes");
    }
  }

  /** A body of unknown length, read through a counter. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final long max;

    Limited(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long count;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0 && ++count > max) {
            throw new BodyTooLarge(max);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
          int n = in.read(buffer, off, len);
          if (n > 0 && (count += n) > max) {
            throw new BodyTooLarge(max);
          }
          return n;
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
