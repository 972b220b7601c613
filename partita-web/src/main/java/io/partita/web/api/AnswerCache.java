package io.partita.web.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Encoded answers that depend only on the state store, the pipeline and the request, kept until the
 * state store changes ({@link io.partita.state.StateStore#changeStamp}). One answer is computed at
 * a time: while it is, concurrent requests for it wait and then share it instead of each reading
 * the store (the grid under a dashboard polled by many clients).
 */
final class AnswerCache {
  private static final int MAX_ENTRIES = 32;

  private record Entry(String stamp, byte[] body) {}

  private final Map<Object, Entry> entries =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  /**
   * The answer for {@code key} computed at state {@code stamp}; computes it when the stamp differs.
   * An empty stamp (a store that cannot tell when it changed) computes every time.
   */
  synchronized byte[] get(Object key, Optional<String> stamp, Supplier<byte[]> compute) {
    if (stamp.isEmpty()) {
      return compute.get();
    }
    Entry entry = entries.get(key);
    if (entry != null && entry.stamp().equals(stamp.get())) {
      return entry.body();
    }
    byte[] body = compute.get();
    entries.put(key, new Entry(stamp.get(), body));
    return body;
  }
}
