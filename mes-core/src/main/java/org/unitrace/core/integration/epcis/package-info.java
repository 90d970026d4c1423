/**
 * EPCIS 2.0 with trading partners: the partners (their capture interface, how we authenticate to
 * it, which customers and ship-to locations they may see), the push of each shipment made to them
 * to their capture interface by a Camel route (a job recorded with the shipment, delivered after
 * commit, followed to the partner's capture result), and the query interface they pull from ({@code
 * GET /epcis/events}, scoped to their shipments). See {@code docs/integration.md}.
 */
package org.unitrace.core.integration.epcis;
