package org.unitrace.core.integration.notify;

import java.util.List;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.PageLimit;

/** Subscriptions and their deliveries, for admins (under /api/admin, so role admin). */
@RestController
@RequestMapping("/api/admin/notifications")
@ConditionalOnProperty(prefix = "unitrace.integration.notifications", name = "enabled")
@RequiredArgsConstructor
class NotificationsController {

  private final Subscriptions subscriptions;
  private final Deliveries deliveries;
  private final DeliveryWorker worker;

  record Reason(String reason) {}

  /** The answer holds a webhook's secret: shown this once. */
  @PostMapping("/subscriptions")
  @ResponseStatus(HttpStatus.CREATED)
  Subscriptions.Created create(@RequestBody Subscriptions.Request request, Authentication caller) {
    return subscriptions.create(request, caller.getName());
  }

  @GetMapping("/subscriptions")
  List<Subscriptions.Subscription> list() {
    return subscriptions.list();
  }

  @GetMapping("/subscriptions/{id}")
  Subscriptions.Subscription get(@PathVariable long id) {
    return subscriptions.get(id);
  }

  /** Removes it and what it had not delivered yet. */
  @DeleteMapping("/subscriptions/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable long id, @RequestParam(required = false) String reason) {
    subscriptions.delete(id, reason);
  }

  /** Sends a TEST notification to this subscription now, once; the answer says how it went. */
  @PostMapping("/subscriptions/{id}/test")
  Deliveries.Detail test(@PathVariable long id, Authentication caller) {
    subscriptions.get(id);
    long delivery = deliveries.test(id, caller.getName());
    worker.deliverNow(delivery);
    return deliveries.detail(delivery);
  }

  /** Deliveries, newest first: {@code state=DEAD} lists those that gave up. */
  @GetMapping("/deliveries")
  List<Deliveries.Delivery> deliveries(
      @RequestParam(required = false) String state,
      @RequestParam(required = false) Long subscription,
      @RequestParam(required = false) String kind,
      @RequestParam(defaultValue = "100") int limit) {
    String s = state == null ? null : state.strip().toUpperCase(Locale.ROOT);
    if (s != null && !List.of("PENDING", "DELIVERED", "DEAD").contains(s)) {
      throw new IllegalArgumentException(
          "'state' must be PENDING, DELIVERED or DEAD, was '" + state + "'");
    }
    PageLimit.check(limit, 1000);
    String k = kind == null ? null : Kind.parse(kind).name();
    return deliveries.list(s, subscription, k, limit);
  }

  /** One delivery with the notification's data and every try. */
  @GetMapping("/deliveries/{id}")
  Deliveries.Detail delivery(@PathVariable long id) {
    return deliveries.detail(id);
  }

  /** Sends a dead delivery again, with a fresh count of tries. */
  @PostMapping("/deliveries/{id}/resend")
  Deliveries.Delivery resend(@PathVariable long id, @RequestBody(required = false) Reason reason) {
    return deliveries.resend(id, reason == null ? null : reason.reason());
  }
}
