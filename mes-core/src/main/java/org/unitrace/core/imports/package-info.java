/**
 * CSV import and export shared by transfers, shipments and sales: what an ERP or a spreadsheet
 * gives. An import is all-or-nothing; a rejected one names every faulty row and field.
 */
package org.unitrace.core.imports;
