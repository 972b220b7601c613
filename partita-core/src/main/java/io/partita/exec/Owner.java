package io.partita.exec;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Identifies the process that owns a run, a lease or a server: {@code host:pid:start}, where {@code
 * start} is the process start time in epoch milliseconds. On the owner's host, a process that no
 * longer exists, or a pid now used by a process started at another time, is dead at once; owners on
 * other hosts are judged by their heartbeat only.
 *
 * <p>Owners recorded before the start time was added ({@code host:pid}) are judged by the pid.
 */
public final class Owner {
  /**
   * The kernel's boot time, from which start times are derived, can jitter by a second between
   * readings; a reused pid starts later than that.
   */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  private static final String HOST = lookUpHost();

  private Owner() {}

  /** This process. */
  public static String current() {
    ProcessHandle self = ProcessHandle.current();
    return of(HOST, self.pid(), self.info().startInstant());
  }

  /** The owner string of {@code pid} on {@code host}, started at {@code start} if known. */
  public static String of(String host, long pid, Optional<Instant> start) {
    return host + ":" + pid + start.map(at -> ":" + at.toEpochMilli()).orElse("");
  }

  /**
   * True when {@code owner} names a process on this host that is gone: no process has its pid, or
   * the process with its pid started at another time (the pid was reused).
   */
  public static boolean isDeadLocalProcess(String owner) {
    Optional<Parsed> parsed = parse(owner);
    if (parsed.isEmpty() || !parsed.get().host().equals(HOST)) {
      return false;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(parsed.get().pid());
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return true;
    }
    Optional<Instant> recorded = parsed.get().start();
    Optional<Instant> actual = handle.get().info().startInstant();
    return recorded.isPresent()
        && actual.isPresent()
        && Duration.between(recorded.get(), actual.get()).abs().compareTo(START_TOLERANCE) > 0;
  }

  /** True when {@code owner} names a process on this host that is still running. */
  public static boolean isLiveLocalProcess(String owner) {
    Optional<Parsed> parsed = parse(owner);
    return parsed.isPresent() && parsed.get().host().equals(HOST) && !isDeadLocalProcess(owner);
  }

  /** The pid in {@code owner}, if it has the owner format. */
  public static OptionalLong pid(String owner) {
    return parse(owner).map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
  }

  /** This machine's host name, as used in owners. */
  public static String host() {
    return HOST;
  }

  private record Parsed(String host, long pid, Optional<Instant> start) {}

  /** Host names contain no colon, so the last one or two colons separate pid and start time. */
  private static Optional<Parsed> parse(String owner) {
    String[] parts = owner.split(":", -1);
    try {
      if (parts.length == 2) {
        return Optional.of(new Parsed(parts[0], Long.parseLong(parts[1]), Optional.empty()));
      }
      if (parts.length == 3) {
        return Optional.of(
            new Parsed(
                parts[0],
                Long.parseLong(parts[1]),
                Optional.of(Instant.ofEpochMilli(Long.parseLong(parts[2])))));
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String lookUpHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
