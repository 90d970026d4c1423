/**
 * Dashboards: what the web pages of the {@code dashboards} module read beyond the plain API. The
 * production aggregates per station and line over a time range (one SQL each, driven through the
 * per-station index of the time-series tables; week and month ranges from an hourly rollup kept
 * current by {@code HourlyRollup}), time-bucketed series, the last NOK results, a serial's decoded
 * identity, trace results as CSV, and a live feed (server-sent events) that tells the pages when
 * new events were stored. The pages themselves are static assets.
 */
package org.unitrace.core.dashboard;
