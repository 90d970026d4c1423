/**
 * Returns and repairs after the sale: a return (RMA) authorised against a sold serial, received,
 * inspected and disposed of (repair, replace, refund, scrap); a repair's replaced components go
 * through the genealogy corrections, so the as-maintained tree stays true. Owns the {@code rma*}
 * tables and the unit-history entries of a return.
 */
package org.unitrace.core.returns;
