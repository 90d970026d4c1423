package org.unitrace.core.ingest;

import java.util.List;
import org.unitrace.contract.Event;

/**
 * Published inside the ingesting transaction with the events it stored for the first time, so a
 * listener bound to the commit ({@code @TransactionalEventListener}) learns of them once they are
 * visible to every reader, and never of a batch that was rolled back. Listeners run on the
 * ingesting thread: they must only take note, not do work.
 */
public record EventsStored(List<Event> events) {}
