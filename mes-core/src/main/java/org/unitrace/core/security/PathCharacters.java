package org.unitrace.core.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Every character a serial may have (GS1 CSET 82, {@link org.unitrace.contract.SerialCharset}) can
 * be one segment of a URL path, percent-encoded: {@code /api/units/SN%2F1/hold} holds {@code SN/1}.
 * Tomcat passes an encoded '/' through undecoded (by default it answers 400), and the firewall
 * admits encoded '/', '%' and ';', which Spring's path matching decodes within the one segment. A
 * raw ';' (path parameters, the old way to smuggle a path past matchers) and every other check of
 * Spring Security's strict firewall stay refused; a backslash is not a serial character and stays
 * refused encoded or not.
 */
@Configuration(proxyBeanMethods = false)
class PathCharacters {

  @Bean
  HttpFirewall httpFirewall() {
    StrictHttpFirewall strict = new StrictHttpFirewall();
    strict.setAllowUrlEncodedSlash(true);
    strict.setAllowUrlEncodedPercent(true);
    strict.setAllowSemicolon(true);
    return new HttpFirewall() {
      @Override
      public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri != null && uri.indexOf(';') >= 0) {
          throw new RequestRejectedException(
              "The request was rejected because the URL contained a raw ';' (send it as %3B)");
        }
        return strict.getFirewalledRequest(request);
      }

      @Override
      public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
      }
    };
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashPassesThrough() {
    return factory ->
        factory.addConnectorCustomizers(c -> c.setEncodedSolidusHandling("passthrough"));
  }
}
