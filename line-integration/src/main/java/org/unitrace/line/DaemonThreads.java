package org.unitrace.line;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The background threads of the agent, the core and the simulators: each is a daemon, so that it
 * never keeps a stopping process alive, and each has a name that says in a thread dump what it does
 * ({@code bom-fetch}, {@code marking-ST40}).
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** For an executor whose threads all do one thing: each is a daemon called {@code name}. */
  public static ThreadFactory named(String name) {
    return task -> create(name, task);
  }

  /** For a pool: daemons called {@code prefix-1}, {@code prefix-2}, and so on. */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> create(prefix + "-" + count.incrementAndGet(), task);
  }

  /** A daemon called {@code name} that will run {@code task}; the caller starts it. */
  public static Thread create(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Runs {@code task} on a new daemon called {@code name}, started at once. */
  public static Thread start(String name, Runnable task) {
    Thread thread = create(name, task);
    thread.start();
    return thread;
  }

  /**
   * Interrupts {@code thread} and waits up to {@code patience} for it to end; true if it did. A
   * caller interrupted while it waits stops waiting and keeps its interrupt.
   */
  public static boolean stop(Thread thread, Duration patience) {
    thread.interrupt();
    try {
      thread.join(Math.max(1, patience.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }
}
