package org.unitrace.core.lot;

import java.math.BigDecimal;

/**
 * A goods receipt of a supplier lot. {@code receivedAt} is a date ({@code 2026-11-20}, taken as
 * midnight UTC) or an ISO-8601 date-time with offset.
 */
record LotReceipt(
    String partNumber,
    String supplier,
    String lot,
    String receivedAt,
    BigDecimal quantity,
    String certificate,
    String note) {}
