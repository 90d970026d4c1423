package org.unitrace.core.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.unitrace.line.DaemonThreads;

/**
 * Listens on {@value LiveNotifier#CHANNEL} with a connection of its own and hands every announced
 * batch, from any core instance, to the {@link LiveFeed}. A lost connection is opened again (1 s up
 * to 30 s apart); what was announced meanwhile is not replayed (the pages refresh their figures
 * from the database anyway, the feed only tells them when).
 */
@Component
class LiveListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(LiveListener.class);

  private final DataSource dataSource;
  private final LiveFeed feed;
  private final ObjectMapper json;
  private volatile Thread thread;
  private volatile boolean running;

  LiveListener(DataSource dataSource, LiveFeed feed, ObjectMapper json) {
    this.dataSource = dataSource;
    this.feed = feed;
    this.json = json;
  }

  @Override
  public void start() {
    running = true;
    thread = DaemonThreads.start("live-feed-listener", this::listen);
  }

  private void listen() {
    long backoffMs = 1000;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + LiveNotifier.CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        backoffMs = 1000;
        while (running) {
          PGNotification[] notes = pg.getNotifications(1000);
          if (notes == null) {
            continue;
          }
          for (PGNotification n : notes) {
            take(n.getParameter());
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn(
            "Live feed listener lost its connection, again in {} ms: {}", backoffMs, e.toString());
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          return;
        }
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  }

  private void take(String payload) {
    try {
      feed.add(json.readValue(payload, LiveNotifier.Part.class));
    } catch (Exception e) {
      log.warn("Live feed notification not understood ({}): {}", e.getMessage(), payload);
    }
  }

  @Override
  public void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      try {
        t.join(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
