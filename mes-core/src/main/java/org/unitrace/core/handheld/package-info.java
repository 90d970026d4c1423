/**
 * The server side of the handheld pages (phones and scanners at the desks): the scan record that
 * raises a stolen unit's alert wherever it is scanned ({@code POST /api/scans}), receiving and
 * transferring by scan of a serial or an SSCC ({@code POST /api/handheld/moves}), and the {@code
 * Idempotency-Key} header that lets a device resend what it queued offline and have it applied
 * once.
 */
package org.unitrace.core.handheld;
