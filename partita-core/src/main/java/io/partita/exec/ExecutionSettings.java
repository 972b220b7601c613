package io.partita.exec;

import java.time.Duration;

/**
 * How the executor paces itself.
 *
 * @param heartbeatInterval how often the owner proves it is alive
 * @param staleAfter when a RUNNING run without a heartbeat counts as dead
 * @param controlPollInterval how often pause/cancel requests from other processes are read
 */
public record ExecutionSettings(
    Duration heartbeatInterval, Duration staleAfter, Duration controlPollInterval) {
  public static final ExecutionSettings DEFAULT =
      new ExecutionSettings(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofMillis(250));
}
