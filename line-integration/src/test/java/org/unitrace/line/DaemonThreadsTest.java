package org.unitrace.line;

import static org.assertj.core.api.Assertions.assertThat;

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
}
