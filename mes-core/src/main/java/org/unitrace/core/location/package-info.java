/**
 * Where each unit is: locations as a tree (site, warehouse, zone, bin), the place of every unit (a
 * location, a shipment on its way, or a customer: exactly one), transfers between locations, and
 * the after-sales history that joins each unit's timeline. Line completions enter the line's
 * configured location through the V7 trigger on the event ledger, in the ingesting transaction.
 */
package org.unitrace.core.location;
