/**
 * Stolen or lost units: the report (who reported it, the police reference), the flag it puts on the
 * unit, and the alerts raised whenever such a unit is seen again, by a line (see the V7 trigger on
 * the event ledger) or by any after-sales desk (transfers, shipments, sales, returns).
 */
package org.unitrace.core.stolen;
