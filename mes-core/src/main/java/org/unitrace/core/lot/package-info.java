/**
 * Supplier lots: what the ERP says was received (part number, supplier, lot, date, quantity,
 * certificate), registered through the API or a CSV export, next to the lots the line reported
 * first, which stay flagged as not received until goods receipt confirms them.
 */
package org.unitrace.core.lot;
