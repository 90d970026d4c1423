/**
 * Production runs (work orders): each unit belongs to one. Planned, started and ended through the
 * API or started and ended from the line ({@code RunStarted}/{@code RunEnded}); both write the same
 * run, by its id.
 */
package org.unitrace.core.run;
