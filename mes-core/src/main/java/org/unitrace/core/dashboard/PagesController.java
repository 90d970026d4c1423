package org.unitrace.core.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Where a browser lands: the pages are static files of the {@code dashboards} module under {@code
 * /ui/}; the root opens the production page and {@code /login} shows the login form.
 */
@Controller
class PagesController {

  @GetMapping({"/", "/ui", "/ui/"})
  String home() {
    return "redirect:/ui/production.html";
  }

  @GetMapping("/login")
  String login() {
    return "forward:/ui/login.html";
  }
}
