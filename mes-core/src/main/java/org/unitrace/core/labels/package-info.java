/**
 * Labels: unit labels (GS1 DataMatrix or a Digital Link QR code, with the serial in text) and
 * shipping labels (GS1-128 with the SSCC, ship-to, shipment, carrier, contents) as ZPL from
 * templates the plant edits, sent to network label printers over raw TCP (port 9100), and a PNG or
 * PDF preview drawn from the very ZPL that is printed (docs/labels.md).
 */
package org.unitrace.core.labels;
