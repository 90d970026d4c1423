package org.unitrace.core.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The HTTP request an audited write came in on, if any: an id that ties together all records of one
 * request (the caller's {@code X-Request-Id} when it looks like one, else a new UUID) and the
 * client's address.
 */
record RequestOrigin(String requestId, String remoteAddr) {

  static final RequestOrigin NONE = new RequestOrigin(null, null);
  static final String REQUEST_ID_HEADER = "X-Request-Id";

  private static final String REQUEST_ID_ATTRIBUTE = RequestOrigin.class.getName() + ".requestId";
  private static final Pattern PLAUSIBLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** The request bound to this thread by Spring MVC, or {@link #NONE}. */
  static RequestOrigin current() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
        ? of(attrs.getRequest())
        : NONE;
  }

  static RequestOrigin of(HttpServletRequest request) {
    Object id = request.getAttribute(REQUEST_ID_ATTRIBUTE);
    if (id == null) {
      String given = request.getHeader(REQUEST_ID_HEADER);
      id =
          given != null && PLAUSIBLE_ID.matcher(given).matches()
              ? given
              : UUID.randomUUID().toString();
      request.setAttribute(REQUEST_ID_ATTRIBUTE, id);
    }
    return new RequestOrigin(id.toString(), request.getRemoteAddr());
  }
}
