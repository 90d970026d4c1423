/**
 * Every CSV import and export (products and BOMs, lots, transfers, shipments, receipts, sales) and
 * the one way an import is refused: all or nothing, every faulty row and field named in one problem
 * body, {@code {row, field, problem}}. Reading is Apache Commons CSV behind {@link
 * org.unitrace.core.imports.Csv}, with one header rule for every import.
 */
package org.unitrace.core.imports;
