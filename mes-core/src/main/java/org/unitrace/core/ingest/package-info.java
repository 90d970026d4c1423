/**
 * Ingestion: events arrive over MQTT 5 ({@link org.unitrace.core.ingest.MqttIngestion}) and HTTP
 * ({@code POST /api/events}); both go through {@link org.unitrace.core.ingest.EventIngestor}, which
 * stores each event once (by {@code eventId}) in batches, projects it into the genealogy tables in
 * the same transaction, tracks each agent's sequence, and puts anything it cannot accept into dead
 * letters with the raw bytes and the reason.
 */
package org.unitrace.core.ingest;
