package org.unitrace.core.security;

import java.time.Duration;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users and API tokens, for admins; and a caller's own identity and password. */
@RestController
@RequiredArgsConstructor
class AdminController {

  private final Users users;
  private final ApiTokens tokens;

  record NewUser(String username, String password, List<String> roles) {}

  record UserChange(List<String> roles, Boolean enabled) {}

  record NewToken(String name, List<String> roles, String site, String line, Duration validity) {}

  record PasswordChange(String currentPassword, String newPassword) {}

  record Me(String name, List<String> authorities, String site, String line) {}

  @PostMapping("/api/admin/users")
  @ResponseStatus(HttpStatus.CREATED)
  Users.Account createUser(@RequestBody NewUser user, Authentication caller) {
    return users.create(user.username(), user.password(), user.roles(), caller.getName());
  }

  @GetMapping("/api/admin/users")
  List<Users.Account> users() {
    return users.list();
  }

  @PutMapping("/api/admin/users/{username}")
  Users.Account changeUser(@PathVariable String username, @RequestBody UserChange change) {
    return users.update(username, change.roles(), change.enabled());
  }

  /** Ends the user's browser sessions on every instance (audited); their password still works. */
  @DeleteMapping("/api/admin/users/{username}/sessions")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void endSessions(@PathVariable String username) {
    users.endSessions(username);
  }

  /** The answer holds the token itself: shown this once, stored only as a hash. */
  @PostMapping("/api/admin/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  ApiTokens.Created createToken(@RequestBody NewToken token, Authentication caller) {
    return tokens.create(
        new ApiTokens.Request(
            token.name(), token.roles(), token.site(), token.line(), token.validity()),
        caller.getName());
  }

  @GetMapping("/api/admin/tokens")
  List<ApiTokens.Listed> tokens() {
    return tokens.list();
  }

  @PostMapping("/api/admin/tokens/{id}/revoke")
  ApiTokens.Listed revoke(@PathVariable String id, Authentication caller) {
    return tokens.revoke(id, caller.getName());
  }

  @GetMapping("/api/me")
  Me me(Authentication caller) {
    var scope = LineScope.current();
    return new Me(
        caller.getName(),
        caller.getAuthorities().stream().map(a -> a.getAuthority()).toList(),
        scope.map(LineScope::site).orElse(null),
        scope.map(LineScope::line).orElse(null));
  }

  @PutMapping("/api/me/password")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void changePassword(@RequestBody PasswordChange change, Authentication caller) {
    users.changePassword(caller.getName(), change.currentPassword(), change.newPassword());
  }
}
