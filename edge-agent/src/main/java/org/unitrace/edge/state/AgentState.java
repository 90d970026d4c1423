package org.unitrace.edge.state;

import java.util.HashMap;
import java.util.Map;
import lombok.RequiredArgsConstructor;

/**
 * What the agent keeps across restarts besides its events, in one store and by kind: the memory of
 * each station, the components it bound, the position of its serial numbers and the BOMs it fetched
 * from the core. Each kind has its own key space, so no feature can overwrite another's state or
 * needs to know how the store keeps it; each owns the format of its values.
 *
 * <p>The outbox is the store: what a station step changes is committed with the events it produced
 * (the step carries its changes under {@link Kind#key}), everything else through {@link #save}.
 */
public interface AgentState {

  /** The kinds of state, each stored under its own key prefix. */
  @RequiredArgsConstructor
  enum Kind {
    /** A station's memory: counter, hand-over buffer, state, run, loaded material. */
    STATION("station."),
    /** Which unit a serialized component went into, and when. */
    BOUND("bound."),
    /** The serial numbers in hand for a template, and the next one to issue. */
    SERIALS("serials/"),
    /** A product revision's BOM, by {@code <part number>/<revision>}. */
    BOM("bom/");

    private final String prefix;

    /** Where the value of {@code id} is stored. */
    public String key(String id) {
      return prefix + id;
    }
  }

  /** Everything saved of one kind, by id. */
  Map<String, String> load(Kind kind);

  /** Saves one value, committed when this returns; an empty value forgets the id. */
  void save(Kind kind, String id, String value);

  /** The ids and values of one kind among stored keys and values (as {@link #load} answers). */
  static Map<String, String> select(Map<String, String> stored, Kind kind) {
    Map<String, String> values = new HashMap<>();
    String prefix = kind.key("");
    stored.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            values.put(key.substring(prefix.length()), value);
          }
        });
    return values;
  }
}
