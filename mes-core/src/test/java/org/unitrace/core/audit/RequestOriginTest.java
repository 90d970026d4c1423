package org.unitrace.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class RequestOriginTest {

  @AfterEach
  void unbind() {
    RequestContextHolder.resetRequestAttributes();
  }

  @Test
  void noRequestOnTheThreadMeansNoOrigin() {
    assertThat(RequestOrigin.current()).isEqualTo(RequestOrigin.NONE);
  }

  @Test
  void callersRequestIdAndAddressAreTaken() {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader(RequestOrigin.REQUEST_ID_HEADER, "mes-42:a.b");
    request.setRemoteAddr("10.1.2.3");
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    assertThat(RequestOrigin.current()).isEqualTo(new RequestOrigin("mes-42:a.b", "10.1.2.3"));
  }

  @Test
  void implausibleRequestIdIsReplacedAndKeptForTheWholeRequest() {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader(RequestOrigin.REQUEST_ID_HEADER, "x'; DROP TABLE --");
    RequestOrigin first = RequestOrigin.of(request);
    assertThat(first.requestId()).doesNotContain("DROP").hasSize(36);
    assertThat(RequestOrigin.of(request).requestId()).isEqualTo(first.requestId());
  }
}
