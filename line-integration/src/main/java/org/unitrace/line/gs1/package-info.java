/**
 * GS1 element strings as scanners deliver them from GS1-128, GS1 DataMatrix, GS1 QR Code and GS1
 * DataBar: {@link org.unitrace.line.gs1.Gs1Parser} reads the bracketed human-readable form and the
 * raw form with FNC1 as ASCII GS and GS1 Digital Link URIs, and checks every value against the GS1
 * Barcode Syntax Dictionary (lengths, character sets, check digits, dates, country and currency
 * codes, coupon structures, mandatory and invalid AI pairings, Digital Link key qualifiers and data
 * attributes); {@link org.unitrace.line.gs1.DigitalLink} writes Digital Link URIs. The dictionary
 * is loaded at runtime from the resource next to this package, so a new GS1 release is a file swap,
 * not a code change. Errors carry the AI and the character offset in the scanned data, because the
 * person reading them is holding the label.
 */
package org.unitrace.line.gs1;
