/**
 * Scans decoded: whatever a handheld, a desk scanner or a person gives (raw barcode data with or
 * without a symbology identifier, bracketed element strings, a GS1 Digital Link URI) becomes the
 * GS1 element strings and what the plant knows of their keys (the unit of an SGTIN, the shipment of
 * an SSCC, the lot of a GTIN and batch). The GS1 rules themselves live in line-integration's {@code
 * org.unitrace.line.gs1}.
 */
package org.unitrace.core.scan;
