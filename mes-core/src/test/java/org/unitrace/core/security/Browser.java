package org.unitrace.core.security;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A browser as the pages drive one, in plain HTTP: a cookie jar, the login form, and the pages' API
 * calls on the session with the CSRF header.
 */
final class Browser {

  private final int port;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;

  Browser(int port) {
    this.port = port;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Posts the login form (with the token the form page handed out); the answer as it came. */
  HttpResponse<String> logIn(String username, String password) throws Exception {
    get("/login");
    String form =
        "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(csrf());
    return http.send(
        HttpRequest.newBuilder(uri("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  boolean hasSession() {
    return cookie("JSESSIONID") != null;
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("X-Requested-With", "XMLHttpRequest")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A change as the pages make it: JSON, on the session, with the CSRF header. */
  HttpResponse<String> send(String method, String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("X-Requested-With", "XMLHttpRequest")
            .header("X-XSRF-TOKEN", csrf())
            .method(method, HttpRequest.BodyPublishers.ofString(json == null ? "" : json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String csrf() {
    HttpCookie token = cookie("XSRF-TOKEN");
    return token == null ? "" : token.getValue();
  }

  private HttpCookie cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
