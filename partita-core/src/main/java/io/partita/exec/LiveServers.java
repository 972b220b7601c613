package io.partita.exec;

import io.partita.state.ServerStore.Server;
import io.partita.state.StateStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Finds the server a CLI should hand its run to: registered, heartbeating, and not a dead local
 * process.
 */
public final class LiveServers {
  private LiveServers() {}

  public static Optional<Server> find(StateStore state, Clock clock, ExecutionSettings settings) {
    return state.servers().live(clock.instant().minus(settings.staleAfter())).stream()
        // A server killed with SIGKILL never unregisters; on this host its pid tells at once.
        .filter(server -> !Owner.isDeadLocalProcess(server.owner()))
        .findFirst();
  }

  /** True when {@code owner} is a live registered server. */
  public static boolean isLive(
      StateStore state, Clock clock, ExecutionSettings settings, String owner) {
    return state.servers().live(clock.instant().minus(settings.staleAfter())).stream()
        .anyMatch(server -> server.owner().equals(owner) && !Owner.isDeadLocalProcess(owner));
  }
}
