/**
 * Service after the sale: returns (RMA) authorised against a sold serial, received, inspected and
 * disposed of (repair, replace, refund, scrap); a repair's replaced components go through the
 * genealogy corrections, so the as-maintained tree stays true.
 */
package org.unitrace.core.service;
