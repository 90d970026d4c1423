package org.unitrace.edge.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.unitrace.line.DaemonThreads;

/**
 * One writer thread that commits what arrives together in one transaction: while it waits for the
 * disk to sync one group, the next group gathers in its queue. A caller holds a future that
 * completes only once its events are on disk, so nothing is acknowledged or published earlier. The
 * queue is bounded: a caller faster than the disk waits in {@link #submit}.
 */
final class GroupCommit<T extends GroupCommit.Job> implements AutoCloseable {

  /** What the writer completes: the caller's future, failed when the group cannot be written. */
  interface Job {
    CompletableFuture<?> done();
  }

  /** Enough for a line's burst; the largest group one transaction takes. */
  static final int MAX_GROUP = 4_096;

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(MAX_GROUP * 4);
  private final Object stop = new Object();
  private final Consumer<List<T>> write;
  private final Thread writer;
  private volatile boolean closed;

  GroupCommit(String name, Consumer<List<T>> write) {
    this.write = write;
    this.writer = DaemonThreads.start(name, this::run);
  }

  /** Queues the job for the next group; waits while the queue is full. */
  void submit(T job) {
    if (closed) {
      throw new IllegalStateException("the outbox is closed");
    }
    try {
      queue.put(job);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.done().completeExceptionally(e);
    }
  }

  @SuppressWarnings("unchecked")
  private void run() {
    List<Object> taken = new ArrayList<>(MAX_GROUP);
    while (true) {
      try {
        taken.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(taken, MAX_GROUP - 1);
      boolean last = taken.remove(stop);
      List<T> group = new ArrayList<>(taken.size());
      taken.forEach(o -> group.add((T) o));
      taken.clear();
      if (!group.isEmpty()) {
        try {
          write.accept(group);
        } catch (RuntimeException e) {
          group.forEach(j -> j.done().completeExceptionally(e));
        }
      }
      if (last) {
        return;
      }
    }
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(stop);
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Object late; (late = queue.poll()) != null; ) {
      if (late instanceof Job job) {
        job.done().completeExceptionally(new IllegalStateException("the outbox is closed"));
      }
    }
  }
}
