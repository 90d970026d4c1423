/**
 * mes-core: takes genealogy events from edge agents (MQTT 5 and HTTP), stores them once each in
 * PostgreSQL, and answers who is made of what and what went where. Features are top-level packages:
 * {@code ingest}, {@code genealogy}, {@code run}, {@code plant}; {@code system} holds what they
 * share (configuration, embedded servers, errors).
 */
package org.unitrace.core;
