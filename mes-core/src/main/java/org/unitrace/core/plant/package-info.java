/**
 * The plant's structure: sites, lines and stations, registered automatically when their first event
 * arrives and named and typed by a production engineer afterwards.
 */
package org.unitrace.core.plant;
