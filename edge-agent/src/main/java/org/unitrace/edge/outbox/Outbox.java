package org.unitrace.edge.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.sqlite.SQLiteConfig;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.Topics;
import org.unitrace.edge.state.AgentState;

/**
 * Events owed to the core, on local disk. An event is numbered and committed (WAL, {@code
 * synchronous=FULL}) before {@code append} returns (or its future completes), in the same
 * transaction as its agent's {@code seq} counter, so neither a crash nor a restart can repeat or
 * skip a number. One writer thread commits what callers submit together in one transaction (group
 * commit): the disk syncs once per group, not once per event. Events leave only through {@link
 * #markSent}, so an outage of any length costs disk, never events; acknowledgements are committed
 * by the same writer, in the next group, so recording them costs the forwarder no sync of its own.
 * Reads go through a second connection, which WAL lets read while the writer syncs: a forwarder
 * looking for what to publish never waits for a commit in progress. Thread-safe.
 */
public final class Outbox implements AgentState, AutoCloseable {

  /** 2: each event's MQTT topic is stored beside its body, so forwarding never decodes. */
  private static final int SCHEMA_VERSION = 2;

  private static final String SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS agent_seq (
        agent_id TEXT PRIMARY KEY,
        next_seq INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS outbox_event (
        position    INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id    TEXT NOT NULL UNIQUE,
        agent_id    TEXT NOT NULL,
        seq         INTEGER NOT NULL,
        occurred_at TEXT NOT NULL,
        body        BLOB NOT NULL,
        sent_at     INTEGER,
        topic       TEXT,
        UNIQUE (agent_id, seq)
      );
      CREATE TABLE IF NOT EXISTS agent_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS outbox_event_pending ON outbox_event (position)
        WHERE sent_at IS NULL;
      CREATE INDEX IF NOT EXISTS outbox_event_sent ON outbox_event (sent_at)
        WHERE sent_at IS NOT NULL;
      """;

  private static final String CURRENT_SEQ = "SELECT next_seq FROM agent_seq WHERE agent_id = ?";
  private static final String SET_SEQ =
      "INSERT INTO agent_seq (agent_id, next_seq) VALUES (?, ?)"
          + " ON CONFLICT (agent_id) DO UPDATE SET next_seq = excluded.next_seq";
  private static final String INSERT =
      """
      INSERT INTO outbox_event (event_id, agent_id, seq, occurred_at, body, topic)
      VALUES (?, ?, ?, ?, ?, ?)
      """;
  private static final String PUT_STATE =
      "INSERT INTO agent_state (key, value) VALUES (?, ?)"
          + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  private static final String DELETE_STATE = "DELETE FROM agent_state WHERE key = ?";
  private static final String PENDING =
      "SELECT body FROM outbox_event WHERE sent_at IS NULL ORDER BY position LIMIT ?";
  private static final String PENDING_STORED =
      "SELECT event_id, topic, body FROM outbox_event WHERE sent_at IS NULL ORDER BY position"
          + " LIMIT ?";
  private static final String OLDEST_PENDING =
      "SELECT occurred_at FROM outbox_event WHERE sent_at IS NULL ORDER BY position LIMIT 1";
  private static final String DELETE_SENT = "DELETE FROM outbox_event WHERE event_id = ?";
  private static final String MARK_SENT =
      "UPDATE outbox_event SET sent_at = ? WHERE event_id = ? AND sent_at IS NULL";
  private static final String PURGE_SENT =
      "DELETE FROM outbox_event WHERE sent_at IS NOT NULL AND sent_at < ?";

  private final OutboxSettings settings;

  /** Written only by the writer thread (and at open and close). */
  private final Connection db;

  /** Reads, in autocommit mode: each sees what was committed when it began. */
  private final Connection reads;

  private final List<Runnable> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final EventCodec codec = new EventCodec();
  private final Clock clock;
  private final GroupCommit<Write> writer;

  private Outbox(OutboxSettings settings, Connection db, Connection reads, Clock clock) {
    this.settings = settings;
    this.db = db;
    this.reads = reads;
    this.clock = clock;
    this.writer = new GroupCommit<>("outbox-writer " + settings.file().getFileName(), this::write);
  }

  /**
   * A new, empty outbox; its agent's events start at {@code seq} 0. Fails when the file exists: an
   * agent that lost its outbox must not silently number from 0 again.
   */
  public static Outbox create(OutboxSettings settings) {
    Path file = settings.file();
    if (Files.exists(file)) {
      throw new OutboxException(file, "already exists; open it instead of creating it");
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (java.io.IOException e) {
      throw new OutboxException(file, "cannot create its directory: " + e.getMessage(), e);
    }
    return connect(settings);
  }

  /** The outbox in this existing file, with everything still pending in it. */
  public static Outbox open(OutboxSettings settings) {
    Path file = settings.file();
    if (!Files.isRegularFile(file)) {
      throw new OutboxException(
          file,
          "does not exist; the events not yet sent are lost with it, and a new outbox would"
              + " restart seq at 0 (create one deliberately)");
    }
    return connect(settings);
  }

  private static Outbox connect(OutboxSettings settings) {
    Path file = settings.file();
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout(10_000);
    Connection db = null;
    Connection reads = null;
    try {
      db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = db.createStatement()) {
        checkIntegrity(file, st);
        int version = userVersion(st);
        if (version > SCHEMA_VERSION) {
          throw new OutboxException(
              file, "schema version " + version + " was written by a newer build of the agent");
        }
        if (version == 1) {
          // events appended by an older agent keep a null topic: taken from their body once
          st.executeUpdate("ALTER TABLE outbox_event ADD COLUMN topic TEXT");
        }
        for (String ddl : SCHEMA.split(";")) {
          if (!ddl.isBlank()) {
            st.executeUpdate(ddl);
          }
        }
        st.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
      }
      db.setAutoCommit(false);
      reads = readConnection(file);
      return new Outbox(settings, db, reads, Clock.systemUTC());
    } catch (SQLException e) {
      closeQuietly(reads);
      closeQuietly(db);
      throw new OutboxException(file, "cannot be opened as an outbox: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(reads);
      closeQuietly(db);
      throw e;
    }
  }

  private static Connection readConnection(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    Connection reads = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    reads.setAutoCommit(true);
    return reads;
  }

  private static void checkIntegrity(Path file, Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
      String verdict = rs.next() ? rs.getString(1) : "no answer";
      if (!"ok".equals(verdict)) {
        throw new OutboxException(file, "is corrupt (quick_check: " + verdict + ")");
      }
    }
  }

  private static int userVersion(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /**
   * Numbers the event and commits it to disk; when this returns, the event will reach the core.
   *
   * @param agentId whose {@code seq} counter to use; null for the outbox's own agent
   * @throws OutboxException when the disk refuses the write; the seq is not consumed
   * @throws org.unitrace.contract.EventRejectedException when the core would refuse the event
   */
  public Event append(
      String site,
      String line,
      String station,
      String agentId,
      EventPayload payload,
      Instant occurredAt) {
    String agent = agentId == null ? settings.agentId() : agentId;
    return await(
            submit(site, line, agent, List.of(new Draft(station, payload, occurredAt)), Map.of()))
        .get(0);
  }

  /** One event to append: where it happened, what, and when. */
  public record Draft(String station, EventPayload payload, Instant occurredAt) {}

  /**
   * Appends the events for the outbox's own agent and writes the agent's state changes (station
   * counters, hand-over queues) in the same transaction: after a crash, either both are on disk or
   * neither, so a cycle is never reported twice nor skipped. An empty value removes its key.
   * Returns once they are on disk.
   */
  public List<Event> appendAll(
      String site, String line, List<Draft> drafts, Map<String, String> state) {
    return await(submit(site, line, settings.agentId(), drafts, state));
  }

  /**
   * As {@link #appendAll}, without waiting: the future completes once the events and state are on
   * disk (or fails with the reason they are not), in the order of submission. What callers submit
   * while the disk syncs an earlier group is committed together, in one transaction; act on the
   * events (acknowledge a station, publish) only when the future has completed.
   *
   * @throws org.unitrace.contract.EventRejectedException at once when the core would refuse one of
   *     the events; none of them is stored
   */
  public CompletableFuture<List<Event>> appendAsync(
      String site, String line, List<Draft> drafts, Map<String, String> state) {
    return submit(site, line, settings.agentId(), drafts, state);
  }

  private CompletableFuture<List<Event>> submit(
      String site, String line, String agent, List<Draft> drafts, Map<String, String> state) {
    List<Event> events = new ArrayList<>(drafts.size());
    for (Draft d : drafts) {
      Event event =
          new Event(
              UuidV7.next(clock.millis()),
              Event.CURRENT_SCHEMA_VERSION,
              d.occurredAt(),
              site,
              line,
              d.station(),
              agent,
              0, // numbered by the writer, in commit order
              d.payload());
      // refuse here what the core would refuse, not after hours in the outbox
      codec.decode(codec.encode(event));
      events.add(event);
    }
    Write write = new Write(agent, events, Map.copyOf(state), List.of(), new CompletableFuture<>());
    writer.submit(write);
    return write.done();
  }

  /**
   * Runs {@code listener} on the writer thread after every commit, before the callers hear of it: a
   * forwarder woken this way publishes an event as soon as it is on disk.
   */
  public void onCommitted(Runnable listener) {
    commitListeners.add(listener);
  }

  private List<Event> await(CompletableFuture<List<Event>> written) {
    try {
      return written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutboxException(settings.file(), "interrupted while appending events", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new OutboxException(
          settings.file(), "cannot append events: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Events of one agent and state changes to commit together; numbered when written. */
  private record Write(
      String agent,
      List<Event> events,
      Map<String, String> state,
      List<UUID> sent,
      CompletableFuture<List<Event>> done)
      implements GroupCommit.Job {}

  /**
   * One transaction for a group of writes: numbers their events in order, inserts them, applies the
   * state changes (later writes win) and the acknowledgements, commits once. All of the group or
   * none is on disk.
   */
  private synchronized void write(List<Write> group) {
    Map<String, Long> nextSeq = new HashMap<>();
    Map<String, String> state = new LinkedHashMap<>();
    List<UUID> sent = new ArrayList<>();
    List<List<Event>> numbered = new ArrayList<>(group.size());
    try {
      try (PreparedStatement insert = db.prepareStatement(INSERT)) {
        for (Write w : group) {
          List<Event> events = new ArrayList<>(w.events().size());
          for (Event e : w.events()) {
            long seq =
                nextSeq.containsKey(w.agent()) ? nextSeq.get(w.agent()) : firstSeq(w.agent());
            nextSeq.put(w.agent(), seq + 1);
            Event event = e.withSeq(seq);
            insert.setString(1, event.eventId().toString());
            insert.setString(2, event.agentId());
            insert.setLong(3, seq);
            insert.setString(4, event.occurredAt().toString());
            insert.setBytes(5, codec.encode(event));
            insert.setString(6, Topics.topicOf(event));
            insert.addBatch();
            events.add(event);
          }
          numbered.add(events);
          state.putAll(w.state());
          sent.addAll(w.sent());
        }
        insert.executeBatch();
      }
      try (PreparedStatement st = db.prepareStatement(SET_SEQ)) {
        for (Map.Entry<String, Long> e : nextSeq.entrySet()) {
          st.setString(1, e.getKey());
          st.setLong(2, e.getValue());
          st.addBatch();
        }
        st.executeBatch();
      }
      writeState(state);
      writeSent(sent);
      db.commit();
    } catch (SQLException e) {
      rollback();
      OutboxException failure =
          new OutboxException(
              settings.file(),
              (sent.isEmpty() ? "cannot append events: " : "cannot append or mark events sent: ")
                  + e.getMessage(),
              e);
      group.forEach(w -> w.done().completeExceptionally(failure));
      return;
    } catch (RuntimeException e) {
      rollback();
      group.forEach(w -> w.done().completeExceptionally(e));
      return;
    }
    for (Runnable listener : commitListeners) {
      listener.run();
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).done().complete(numbered.get(i));
    }
  }

  private void writeState(Map<String, String> state) throws SQLException {
    if (state.isEmpty()) {
      return;
    }
    try (PreparedStatement put = db.prepareStatement(PUT_STATE);
        PreparedStatement delete = db.prepareStatement(DELETE_STATE)) {
      for (Map.Entry<String, String> e : state.entrySet()) {
        if (e.getValue().isEmpty()) {
          delete.setString(1, e.getKey());
          delete.addBatch();
        } else {
          put.setString(1, e.getKey());
          put.setString(2, e.getValue());
          put.addBatch();
        }
      }
      put.executeBatch();
      delete.executeBatch();
    }
  }

  @Override
  public Map<String, String> load(Kind kind) {
    return AgentState.select(state(), kind);
  }

  @Override
  public void save(Kind kind, String id, String value) {
    await(
        submit(
            null,
            null,
            settings.agentId(),
            List.of(),
            Map.of(kind.key(id), value == null ? "" : value)));
  }

  /** The agent state saved with {@link #appendAll}, by key. */
  public Map<String, String> state() {
    Map<String, String> state = new HashMap<>();
    synchronized (reads) {
      try (Statement st = reads.createStatement();
          ResultSet rs = st.executeQuery("SELECT key, value FROM agent_state")) {
        while (rs.next()) {
          state.put(rs.getString(1), rs.getString(2));
        }
        return state;
      } catch (SQLException e) {
        throw new OutboxException(settings.file(), "cannot read agent state: " + e.getMessage(), e);
      }
    }
  }

  private long firstSeq(String agent) throws SQLException {
    try (PreparedStatement st = db.prepareStatement(CURRENT_SEQ)) {
      st.setString(1, agent);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * An event as the outbox stored it: the bytes checked against the contract when appended, sent as
   * they are (never decoded and encoded again), and where they go.
   */
  public record Stored(UUID eventId, String topic, byte[] body) {}

  /** Up to {@code max} stored events not yet acknowledged, in the order they were appended. */
  public List<Stored> pendingStored(int max) {
    return readRows(
        PENDING_STORED,
        max,
        rs -> {
          byte[] body = rs.getBytes(3);
          String topic = rs.getString(2);
          return new Stored(
              UUID.fromString(rs.getString(1)),
              topic != null ? topic : Topics.topicOf(codec.decode(body)),
              body);
        });
  }

  /** Up to {@code max} events not yet acknowledged, in the order they were appended. */
  public List<Event> pending(int max) {
    return readRows(PENDING, max, rs -> codec.decode(rs.getBytes(1)));
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> readRows(String sql, int max, Row<T> row) {
    List<T> rows = new ArrayList<>(Math.min(max, 1024));
    synchronized (reads) {
      try (PreparedStatement st = reads.prepareStatement(sql)) {
        st.setInt(1, max);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            rows.add(row.read(rs));
          }
        }
        return rows;
      } catch (SQLException e) {
        throw new OutboxException(
            settings.file(), "cannot read pending events: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The core has these events: they leave the outbox (at once, or after the retention period).
   * Unknown or already sent ids are ignored, so a late second acknowledgement does no harm. Returns
   * once that is on disk.
   */
  public void markSent(Collection<UUID> eventIds) {
    await(markSentAsync(eventIds));
  }

  /**
   * As {@link #markSent}, committed with the next group of appends; the future completes once it is
   * on disk (until then the events still read as pending).
   */
  public CompletableFuture<List<Event>> markSentAsync(Collection<UUID> eventIds) {
    if (eventIds.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    Write write =
        new Write(
            settings.agentId(),
            List.of(),
            Map.of(),
            List.copyOf(eventIds),
            new CompletableFuture<>());
    writer.submit(write);
    return write.done();
  }

  private void writeSent(List<UUID> eventIds) throws SQLException {
    if (eventIds.isEmpty()) {
      return;
    }
    long now = clock.millis();
    boolean keep = !settings.sentRetention().isZero();
    try (PreparedStatement st = db.prepareStatement(keep ? MARK_SENT : DELETE_SENT)) {
      for (UUID id : eventIds) {
        int i = 1;
        if (keep) {
          st.setLong(i++, now);
        }
        st.setString(i, id.toString());
        st.addBatch();
      }
      st.executeBatch();
    }
    if (keep) {
      try (PreparedStatement purge = db.prepareStatement(PURGE_SENT)) {
        purge.setLong(1, now - settings.sentRetention().toMillis());
        purge.executeUpdate();
      }
    }
  }

  /** How many events the core does not have yet. */
  public int pendingCount() {
    return queryOne("SELECT count(*) FROM outbox_event WHERE sent_at IS NULL")
        .map(Integer::parseInt)
        .orElse(0);
  }

  /** When the event that goes next happened: how far behind the core is, as a plant sees it. */
  public Optional<Instant> oldestPending() {
    return queryOne(OLDEST_PENDING).map(Instant::parse);
  }

  private Optional<String> queryOne(String sql) {
    synchronized (reads) {
      try (Statement st = reads.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      } catch (SQLException e) {
        throw new OutboxException(settings.file(), "cannot be read: " + e.getMessage(), e);
      }
    }
  }

  public Path file() {
    return settings.file();
  }

  /** Commits what was submitted, then closes the file. */
  @Override
  public void close() {
    writer.close();
    synchronized (reads) {
      closeQuietly(reads);
    }
    synchronized (this) {
      closeDb();
    }
  }

  private void closeDb() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new OutboxException(settings.file(), "cannot be closed: " + e.getMessage(), e);
    }
  }

  private void rollback() {
    try {
      db.rollback();
    } catch (SQLException ignored) {
      // the connection is gone; the transaction is rolled back with it
    }
  }

  private static void closeQuietly(Connection db) {
    if (db != null) {
      try {
        db.close();
      } catch (SQLException ignored) {
        // opening failed already; that is the error worth reporting
      }
    }
  }
}
