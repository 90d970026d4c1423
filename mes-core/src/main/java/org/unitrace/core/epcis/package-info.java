/**
 * GS1 EPCIS 2.0 export: a unit's history, and a simple event query, as JSON-LD EPCIS documents that
 * a customer's or regulator's traceability system can read without knowing Unitrace. The events are
 * derived on the fly from the ledger and the shipment tables; nothing is stored twice. The mapping
 * and the identifier scheme are documented in {@code docs/epcis.md}.
 */
package org.unitrace.core.epcis;
