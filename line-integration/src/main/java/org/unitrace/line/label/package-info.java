/**
 * Reading component and material labels at a station: {@link org.unitrace.line.label.LabelDecoder}
 * turns one scan into a {@link org.unitrace.line.label.ScannedLabel} (part number, serial, lot,
 * supplier, quantity), from GS1 data when the label carries it and from a supplier's own layout
 * ({@link org.unitrace.line.label.LabelPattern}, a regular expression with named groups) when it
 * does not, so station logic binds components without knowing who printed the label.
 */
package org.unitrace.line.label;
