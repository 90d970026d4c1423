package org.unitrace.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

  @Test
  void anExecutorsThreadsAreDaemonsWithTheName() {
    Thread thread = DaemonThreads.named("bom-fetch").newThread(() -> {});
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("bom-fetch");
    assertThat(thread.getState()).isEqualTo(Thread.State.NEW);
  }

  @Test
  void aPoolsThreadsAreNumberedFromOne() {
    ThreadFactory pool = DaemonThreads.numbered("printer-conn");
    assertThat(pool.newThread(() -> {}).getName()).isEqualTo("printer-conn-1");
    Thread second = pool.newThread(() -> {});
    assertThat(second.getName()).isEqualTo("printer-conn-2");
    assertThat(second.isDaemon()).isTrue();
  }

  @Test
  void aStartedThreadRunsItsTaskAsADaemon() throws InterruptedException {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    Thread thread = DaemonThreads.start("once", () -> ranOn.set(Thread.currentThread()));
    thread.join(5_000);
    assertThat(ranOn.get()).isSameAs(thread);
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("once");
  }

  @Test
  void stopInterruptsAWaitingThreadAndSaysItEnded() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    Thread waiting =
        DaemonThreads.start(
            "waiting",
            () -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                // the stop
              }
            });
    assertThat(DaemonThreads.stop(waiting, Duration.ofSeconds(5))).isTrue();
    assertThat(waiting.isAlive()).isFalse();
  }

  @Test
  void stopSaysWhenAThreadDidNotEndInTime() {
    CountDownLatch release = new CountDownLatch(1);
    Thread deaf =
        DaemonThreads.start(
            "deaf",
            () -> {
              while (release.getCount() > 0) {
                Thread.onSpinWait();
              }
            });
    try {
      assertThat(DaemonThreads.stop(deaf, Duration.ofMillis(50))).isFalse();
    } finally {
      release.countDown();
    }
  }
}
