/**
 * Notifications out: quality and logistics are told of holds, recall campaigns, stolen units seen
 * again, duplicate serials, integrity exceptions and dead letters where they already work, by an
 * HMAC-signed JSON webhook or an e-mail.
 *
 * <p>The causes are recorded into a transactional outbox by database triggers (migration V22), in
 * the transaction that records the cause itself, so a notification exists exactly when that
 * transaction commits. A Camel route polls the outbox, {@link
 * org.unitrace.core.integration.notify.DeliveryWorker} claims due deliveries with {@code FOR UPDATE
 * SKIP LOCKED} (so two instances never send the same one), hands each to the webhook or e-mail
 * route, and records every attempt; failures are retried with exponential backoff until a count or
 * an age, then the delivery is dead, listed in the admin API and can be sent again. Receivers get
 * each notification at least once and de-duplicate on its id. Off unless {@code
 * unitrace.integration.notifications.enabled} is true (docs/integration.md).
 */
package org.unitrace.core.integration.notify;
