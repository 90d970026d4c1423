package org.unitrace.core.security;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.interfaces.RSAPublicKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Who may call what. Every endpoint but health and the OpenAPI document needs an authenticated
 * caller; each endpoint family names the roles it admits, and anything not listed is refused, so a
 * new endpoint is born closed. The API is stateless: bearer tokens (API tokens, JWTs) or a user's
 * password (HTTP Basic) on each request. The web pages log people in through a form into a session,
 * and requests on that session are protected against cross-site forgery ({@link BrowserSessions}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /** bcrypt for storage; a password verified a moment ago is not verified again. */
  @Bean
  PasswordEncoder passwordEncoder(SecurityProperties properties, MeterRegistry meters) {
    return new VerifiedPasswords(
        PasswordEncoderFactories.createDelegatingPasswordEncoder(),
        properties.passwordCache(),
        meters);
  }

  /**
   * Password logins (the form and HTTP Basic): bcrypt through {@code encoder}, and the user's row
   * as read a moment ago ({@link Users#recentLogins()}).
   */
  @Bean
  DaoAuthenticationProvider passwordLogins(Users users, PasswordEncoder encoder) {
    DaoAuthenticationProvider logins = new DaoAuthenticationProvider(users);
    logins.setPasswordEncoder(encoder);
    logins.setUserCache(users.recentLogins());
    return logins;
  }

  /** Every person's role reads; edge does not. */
  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.fromHierarchy(
        """
        ROLE_production > ROLE_viewer
        ROLE_quality > ROLE_viewer
        ROLE_logistics > ROLE_viewer
        ROLE_service > ROLE_viewer
        ROLE_admin > ROLE_viewer
        """);
  }

  @Bean
  SecurityFilterChain api(
      HttpSecurity http,
      AuthenticationManagerResolver<HttpServletRequest> bearer,
      ProblemResponses problems,
      Users users,
      LoginThrottle throttle)
      throws Exception {
    http.csrf(
            csrf ->
                csrf.csrfTokenRepository(BrowserSessions.csrfTokens())
                    .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                    .requireCsrfProtectionMatcher(BrowserSessions.CSRF_PROTECTED))
        .addFilterAfter(new BrowserSessions.CsrfCookie(), CsrfFilter.class)
        .addFilterAfter(new BrowserSessions.Validity(users), SecurityContextHolderFilter.class)
        .addFilterBefore(
            new LoginGate(throttle, problems), UsernamePasswordAuthenticationFilter.class)
        .headers(
            headers ->
                headers
                    .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                    .addHeaderWriter(BrowserSessions.contentSecurityPolicy()))
        // a session is made only by the login form; Basic, tokens and JWTs stay per request (no
        // session filter that would keep every authenticated request's context in a new session)
        .sessionManagement(s -> s.requireExplicitAuthenticationStrategy(true))
        .requestCache(cache -> cache.requestCache(BrowserSessions.savedPages()))
        .formLogin(
            form ->
                form.loginPage(BrowserSessions.LOGIN)
                    .successHandler(BrowserSessions.afterLogin())
                    .failureUrl(BrowserSessions.LOGIN + "?error"))
        .logout(logout -> logout.logoutSuccessUrl(BrowserSessions.LOGIN + "?logout"))
        .httpBasic(
            basic ->
                basic
                    .authenticationEntryPoint(problems)
                    .securityContextRepository(new RequestAttributeSecurityContextRepository()))
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .authenticationManagerResolver(bearer)
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(BrowserSessions.entryPoint(problems))
                    .accessDeniedHandler(problems))
        .authorizeHttpRequests(
            rules ->
                rules
                    .dispatcherTypeMatchers(DispatcherType.ASYNC) // a live feed's later writes
                    .permitAll()
                    .requestMatchers(
                        BrowserSessions.LOGIN,
                        "/ui/login.html",
                        "/ui/assets/**",
                        "/webjars/**",
                        "/favicon.ico")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/", "/ui", "/ui/**")
                    .authenticated()
                    .requestMatchers(
                        "/actuator/health",
                        "/actuator/health/**",
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/swagger-ui.html",
                        "/swagger-ui/**",
                        "/error")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/api/events", "/api/serial-blocks")
                    .hasAnyRole("edge", "production")
                    .requestMatchers("/api/admin/**")
                    .hasRole("admin")
                    .requestMatchers(
                        "/api/audit", "/api/audit/**") // read-only: other methods answer 405
                    .hasAnyRole("admin", "quality")
                    .requestMatchers("/api/me", "/api/me/**")
                    .authenticated()
                    .requestMatchers(HttpMethod.PUT, "/api/stations/**")
                    .hasRole("production")
                    .requestMatchers(
                        HttpMethod.POST,
                        "/api/units/*/hold",
                        "/api/units/*/release",
                        "/api/units/*/corrections",
                        "/api/recalls",
                        "/api/recalls/*/close",
                        "/api/recalls/*/release",
                        "/api/recalls/*/progress",
                        "/api/recalls/*/units/*/progress")
                    .hasRole("quality")
                    .requestMatchers(
                        HttpMethod.POST, "/api/exceptions/*/resolve") // integrity review
                    .hasRole("quality")
                    .requestMatchers(HttpMethod.POST, "/api/products", "/api/products/import")
                    .hasAnyRole("production", "quality")
                    .requestMatchers(HttpMethod.PUT, "/api/products/*/revisions/*")
                    .hasAnyRole("production", "quality")
                    .requestMatchers(HttpMethod.PATCH, "/api/products/*") // GTIN and label family
                    .hasAnyRole("production", "quality")
                    .requestMatchers(
                        HttpMethod.POST, "/api/runs", "/api/runs/*/start", "/api/runs/*/end")
                    .hasRole("production")
                    .requestMatchers(HttpMethod.POST, "/api/lots", "/api/lots/import")
                    .hasAnyRole("logistics", "quality")
                    .requestMatchers(
                        HttpMethod.GET, "/api/products/*/revisions/*/bom") // agents load the BOM
                    .hasAnyRole("edge", "viewer")
                    .requestMatchers(HttpMethod.POST, "/api/analysis/**") // reads only
                    .hasRole("viewer")
                    .requestMatchers(HttpMethod.POST, "/api/labels/decode") // reads only
                    .hasRole("viewer")
                    // after-sales: returns and stolen reports are quality's business too
                    // handheld scans: any desk that scans; returns: the service desk too
                    .requestMatchers(HttpMethod.POST, "/api/scans")
                    .hasAnyRole("logistics", "service", "quality")
                    .requestMatchers(
                        HttpMethod.POST, "/api/handheld/moves", "/api/handheld/lot-receipts")
                    .hasRole("logistics")
                    .requestMatchers(HttpMethod.POST, "/api/returns", "/api/returns/**")
                    .hasAnyRole("logistics", "quality", "service")
                    .requestMatchers(HttpMethod.POST, "/api/sales")
                    .hasAnyRole("logistics", "service")
                    .requestMatchers(
                        HttpMethod.POST,
                        "/api/units/*/stolen",
                        "/api/units/*/stolen/clear",
                        "/api/alerts/*/acknowledge")
                    .hasAnyRole("logistics", "quality")
                    .requestMatchers(
                        HttpMethod.POST,
                        "/api/locations",
                        "/api/transfers",
                        "/api/shipments",
                        "/api/shipments/*/receive",
                        "/api/customers")
                    .hasRole("logistics")
                    .requestMatchers(
                        HttpMethod.PUT,
                        "/api/lines/*/*/completion-location",
                        "/api/products/*/warranty")
                    .hasRole("logistics")
                    .requestMatchers(HttpMethod.POST, "/api/labels/print") // labels, docs/labels.md
                    .hasAnyRole("logistics", "production", "admin")
                    .requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**")
                    .hasRole("viewer")
                    // EPCIS 2.0 query binding for trading partners, scoped to the token's partner
                    .requestMatchers(HttpMethod.GET, "/epcis/events")
                    .hasRole("partner")
                    .anyRequest()
                    .denyAll());
    return http.build();
  }

  /** {@code ut_...} bearer tokens are API tokens; any other bearer token is taken as a JWT. */
  @Bean
  AuthenticationManagerResolver<HttpServletRequest> bearer(
      ApiTokens tokens, SecurityProperties properties) {
    AuthenticationManager apiTokens =
        authentication -> {
          String token = ((BearerTokenAuthenticationToken) authentication).getToken();
          return new ApiTokenAuthentication(tokens.authenticate(token));
        };
    AuthenticationManager jwts =
        properties.jwt().enabled()
            ? new ProviderManager(jwtProvider(properties.jwt()))
            : authentication -> {
              throw new BadCredentialsException(
                  "not an API token, and JWTs are not accepted: no identity provider is"
                      + " configured (unitrace.security.jwt.*)");
            };
    DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
    return request -> {
      String token = resolver.resolve(request);
      return token != null && token.startsWith("ut_") ? apiTokens : jwts;
    };
  }

  private static JwtAuthenticationProvider jwtProvider(SecurityProperties.Jwt config) {
    NimbusJwtDecoder decoder;
    if (config.publicKeyLocation() != null && !config.publicKeyLocation().isBlank()) {
      decoder = NimbusJwtDecoder.withPublicKey(publicKey(config.publicKeyLocation())).build();
    } else if (config.jwkSetUri() != null && !config.jwkSetUri().isBlank()) {
      decoder = NimbusJwtDecoder.withJwkSetUri(config.jwkSetUri()).build();
    } else {
      decoder = NimbusJwtDecoder.withIssuerLocation(config.issuerUri()).build();
    }
    if (config.issuerUri() != null && !config.issuerUri().isBlank()) {
      decoder.setJwtValidator(
          new DelegatingOAuth2TokenValidator<>(
              JwtValidators.createDefaultWithIssuer(config.issuerUri())));
    }
    JwtAuthenticationProvider provider = new JwtAuthenticationProvider((JwtDecoder) decoder);
    provider.setJwtAuthenticationConverter(new JwtRoles(config));
    return provider;
  }

  private static RSAPublicKey publicKey(String location) {
    try (InputStream in = new DefaultResourceLoader().getResource(location).getInputStream()) {
      return RsaKeyConverters.x509().convert(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the JWT public key at unitrace.security.jwt.public-key-location=" + location,
          e);
    }
  }
}
