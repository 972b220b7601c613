package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The registry of long-running servers ({@code partita serve}) that own the warehouse. A CLI that
 * finds a live server hands its run over (see {@link HandoffStore}) instead of opening the
 * warehouse itself. Every method is atomic.
 */
public interface ServerStore {
  /** A registered server; {@code owner} is {@code host:pid}, as in {@link RunRecord#owner()}. */
  record Server(String owner, long pid, String host, Instant startedAt, Instant heartbeatAt) {
    public Server {
      requireNonNull(owner, "owner is null");
      requireNonNull(host, "host is null");
      requireNonNull(startedAt, "startedAt is null");
      requireNonNull(heartbeatAt, "heartbeatAt is null");
    }
  }

  /** Registers {@code server}, replacing an earlier registration of the same owner. */
  void register(Server server);

  /**
   * Refreshes the heartbeat; false when the server is not registered (e.g. it was unregistered).
   */
  boolean heartbeat(String owner, Instant now);

  /** Removes the registration; a no-op when there is none. */
  void unregister(String owner);

  /**
   * Servers whose heartbeat is not older than {@code staleBefore}, oldest registration first. The
   * caller still has to rule out local processes that died without unregistering.
   */
  List<Server> live(Instant staleBefore);
}
