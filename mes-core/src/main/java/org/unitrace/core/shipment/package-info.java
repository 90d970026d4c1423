/**
 * Shipments: units packed (per package or pallet, with its SSCC) and sent to a customer or to one
 * of our locations by a carrier; while on their way the units are on the shipment, and receipt at
 * the destination puts them there.
 */
package org.unitrace.core.shipment;
