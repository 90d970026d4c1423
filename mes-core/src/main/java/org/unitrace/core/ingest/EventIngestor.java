package org.unitrace.core.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventRejectedException;
import org.unitrace.contract.Topics;
import org.unitrace.core.system.DatabaseFault;

/**
 * The one way in for events, whatever carried them. A batch is decoded, checked, and written in a
 * single transaction: the ledger row of each new event, its projections, the agents' sequence
 * watermarks and the dead letters. Callers acknowledge (PUBACK, HTTP 200) only after this returns.
 */
@Service
public class EventIngestor {

  private static final Logger log = LoggerFactory.getLogger(EventIngestor.class);

  private final EventCodec codec;
  private final EventLedger ledger;
  private final Projections projections;
  private final SequenceWatermarks watermarks;
  private final TransactionTemplate tx;
  private final IngestLimits limits;
  private final SerialConflicts serialConflicts;
  private final EdgeScope edgeScope;
  private final Counter storedCounter;
  private final Counter duplicateCounter;
  private final Counter deadLetterCounter;
  private final ApplicationEventPublisher publisher;
  private final IngestWriteHealth writeHealth;

  EventIngestor(
      EventCodec codec,
      EventLedger ledger,
      Projections projections,
      SequenceWatermarks watermarks,
      TransactionTemplate tx,
      IngestLimits limits,
      SerialConflicts serialConflicts,
      EdgeScope edgeScope,
      MeterRegistry meters,
      ApplicationEventPublisher publisher,
      IngestWriteHealth writeHealth) {
    this.codec = codec;
    this.ledger = ledger;
    this.projections = projections;
    this.watermarks = watermarks;
    this.tx = tx;
    this.limits = limits;
    this.serialConflicts = serialConflicts;
    this.edgeScope = edgeScope;
    this.storedCounter = meters.counter("unitrace.ingest.events", "outcome", "stored");
    this.duplicateCounter = meters.counter("unitrace.ingest.events", "outcome", "duplicate");
    this.deadLetterCounter = meters.counter("unitrace.ingest.dead.letters");
    this.publisher = publisher;
    this.writeHealth = writeHealth;
  }

  /** Ingests a batch; the outcomes are in the order of {@code batch}. */
  public List<Outcome> ingest(List<Incoming> batch) {
    return ingestChecked(batch.stream().map(this::check).toList());
  }

  /**
   * Decodes and checks one event (size, text, schema, topic, the caller's scope): no database, so
   * any thread may do it, ahead of the writer that stores it ({@link #ingestChecked}).
   */
  public Checked check(Incoming in) {
    try {
      return new Checked(in, accept(in), null);
    } catch (EventRejectedException e) {
      return new Checked(in, null, e);
    }
  }

  /** Ingests a batch checked beforehand; the outcomes are in the order of {@code checked}. */
  public List<Outcome> ingestChecked(List<Checked> checked) {
    List<Incoming> batch = checked.stream().map(Checked::incoming).toList();
    Outcome[] outcomes = new Outcome[checked.size()];
    List<Accepted> accepted = new ArrayList<>(checked.size());
    List<DeadLetter> deadLetters = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < checked.size(); i++) {
      Checked c = checked.get(i);
      if (c.rejected() == null) {
        Event event = c.event();
        if (seen.add(event.eventId())) {
          accepted.add(new Accepted(i, event, c.incoming()));
        } else {
          outcomes[i] = Outcome.duplicate(event.eventId());
        }
      } else {
        EventRejectedException e = c.rejected();
        DeadLetter dl = DeadLetter.of(c.incoming(), e.path(), e.reason());
        deadLetters.add(dl);
        outcomes[i] = Outcome.rejected(dl.eventId(), dl.reason(), e.path());
      }
    }
    Set<UUID> stored;
    try {
      stored = store(accepted, deadLetters, outcomes, batch);
    } catch (RuntimeException e) {
      writeHealth.failed(e);
      throw e;
    }
    writeHealth.stored();
    for (Accepted a : accepted) {
      UUID id = a.event().eventId();
      if (outcomes[a.index()] == null) {
        outcomes[a.index()] = stored.contains(id) ? Outcome.stored(id) : Outcome.duplicate(id);
      }
    }
    for (Outcome o : outcomes) {
      switch (o.status()) {
        case stored -> storedCounter.increment();
        case duplicate -> duplicateCounter.increment();
        case rejected -> deadLetterCounter.increment();
      }
    }
    return List.of(outcomes);
  }

  /**
   * Writes the batch in one transaction. When that fails for a reason other than the database's
   * state (away, restarting, read-only, disk full: {@link DatabaseFault}), one event must be at
   * fault: the events are then written one by one, and the one that cannot be stored goes to the
   * dead letters instead of holding up everything behind it.
   */
  private Set<UUID> store(
      List<Accepted> accepted,
      List<DeadLetter> deadLetters,
      Outcome[] outcomes,
      List<Incoming> batch) {
    try {
      return write(accepted, deadLetters, outcomes);
    } catch (TransientDataAccessException | DataAccessResourceFailureException e) {
      throw e; // the caller retries the whole batch
    } catch (DataAccessException e) {
      if (DatabaseFault.of(e).isPresent()) {
        throw e; // e.g. read-only: no event's fault, and no dead letter could be written either
      }
      if (accepted.size() <= 1 && deadLetters.isEmpty()) {
        if (accepted.isEmpty()) {
          throw e;
        }
        Accepted a = accepted.get(0);
        // the database's own words stay in the log: its text is not an answer to a caller
        log.warn("event {} cannot be stored: {}", a.event().eventId(), rootMessage(e));
        DeadLetter dl =
            DeadLetter.of(
                batch.get(a.index()),
                "$",
                "cannot be stored: the database refused it (%s); the server log has the details"
                    .formatted(sqlState(e)));
        write(List.of(), List.of(dl), outcomes);
        outcomes[a.index()] = Outcome.rejected(a.event().eventId(), dl.reason(), "$");
        return Set.of();
      }
      write(List.of(), deadLetters, outcomes);
      Set<UUID> stored = new HashSet<>();
      for (Accepted a : accepted) {
        stored.addAll(store(List.of(a), new ArrayList<>(), outcomes, batch));
      }
      return stored;
    }
  }

  private Set<UUID> write(
      List<Accepted> accepted, List<DeadLetter> deadLetters, Outcome[] outcomes) {
    return tx.execute(
        status -> {
          ledger.planPerCall();
          List<DeadLetter> refused = new ArrayList<>(deadLetters);
          List<Accepted> applicable = new ArrayList<>(accepted);
          for (EdgeScope.Spoofing s : edgeScope.find(accepted)) {
            Accepted a = s.accepted();
            DeadLetter dl = DeadLetter.of(a.incoming(), s.path(), s.reason());
            refused.add(dl);
            applicable.remove(a);
            outcomes[a.index()] = Outcome.rejected(a.event().eventId(), s.reason(), s.path());
          }
          for (SerialConflicts.Conflict c : serialConflicts.find(List.copyOf(applicable))) {
            Accepted a = c.accepted();
            DeadLetter dl = DeadLetter.of(a.incoming(), "$.payload.serial", c.reason());
            refused.add(dl);
            applicable.remove(a);
            serialConflicts.alert(c);
            outcomes[a.index()] = Outcome.rejected(a.event().eventId(), c.reason(), dl.path());
          }
          ledger.deadLetters(refused);
          Set<UUID> fresh = ledger.insertNew(applicable);
          List<Event> newEvents =
              applicable.stream()
                  .map(Accepted::event)
                  .filter(e -> fresh.contains(e.eventId()))
                  .toList();
          projections.apply(newEvents);
          watermarks.record(newEvents);
          if (!newEvents.isEmpty()) {
            publisher.publishEvent(new EventsStored(newEvents));
          }
          return fresh;
        });
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return "SQLSTATE " + sql.getSQLState();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** An event as it arrived, and either what it decoded to or why it was refused. */
  public record Checked(Incoming incoming, Event event, EventRejectedException rejected) {}

  /** A decoded, checked event, its place in the batch and how it came (raw bytes included). */
  record Accepted(int index, Event event, Incoming incoming) {}

  private Event accept(Incoming in) {
    if (in.raw().length > limits.maxEventBytes()) {
      throw new EventRejectedException(
          "$",
          "event of %d bytes exceeds the limit of %d bytes"
              .formatted(in.raw().length, limits.maxEventBytes()));
    }
    StorableText.check(in.raw());
    Event event = codec.decode(in.raw());
    if (in.topic() != null) {
      Topics.Address address =
          Topics.parse(in.topic())
              .orElseThrow(
                  () ->
                      new EventRejectedException(
                          "$", "topic '%s' is not an event topic".formatted(in.topic())));
      if (!address.matches(event)) {
        throw new EventRejectedException(
            "$",
            "spoofing attempt? the event claims %s/%s/%s/%s but came on topic '%s'"
                .formatted(event.site(), event.line(), event.station(), event.type(), in.topic()));
      }
    }
    if (in.scopeSite() != null
        && !(in.scopeSite().equals(event.site()) && in.scopeLine().equals(event.line()))) {
      throw new EventRejectedException(
          "$",
          "spoofing attempt? %s may send for %s/%s only, the event claims %s/%s"
              .formatted(
                  in.identity(), in.scopeSite(), in.scopeLine(), event.site(), event.line()));
    }
    return event;
  }
}
