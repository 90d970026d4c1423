package org.unitrace.sim.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What a simulated marker put on parts, shared with a simulated verifier so a scan reads back what
 * was marked, as on a line where the verifier looks at the part the laser just marked.
 */
public final class Marks {

  /**
   * One marking.
   *
   * @param number the number the marker gave it in its ACK to START
   * @param variables the variable texts, unescaped
   */
  public record Mark(long number, String job, Map<String, String> variables, Instant at) {
    public Mark {
      variables = Map.copyOf(variables);
    }
  }

  private final List<Mark> marks = new CopyOnWriteArrayList<>();
  private final List<Consumer<Mark>> listeners = new CopyOnWriteArrayList<>();

  /** Records a marking and tells the listeners, on the caller's thread. */
  public void add(Mark mark) {
    marks.add(mark);
    for (Consumer<Mark> l : listeners) {
      l.accept(mark);
    }
  }

  public void addListener(Consumer<Mark> listener) {
    listeners.add(listener);
  }

  public int count() {
    return marks.size();
  }

  public List<Mark> all() {
    return List.copyOf(marks);
  }

  public Optional<Mark> last() {
    return marks.isEmpty() ? Optional.empty() : Optional.of(marks.get(marks.size() - 1));
  }

  /** The last marking of {@code job}. */
  public Optional<Mark> last(String job) {
    for (int i = marks.size() - 1; i >= 0; i--) {
      if (marks.get(i).job().equals(job)) {
        return Optional.of(marks.get(i));
      }
    }
    return Optional.empty();
  }

  /** The value of {@code variable} in the last marking that had it. */
  public Optional<String> lastValue(String variable) {
    for (int i = marks.size() - 1; i >= 0; i--) {
      String v = marks.get(i).variables().get(variable);
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
