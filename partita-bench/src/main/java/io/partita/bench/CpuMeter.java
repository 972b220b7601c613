package io.partita.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM and by a local PostgreSQL server (its postmaster, its live backends
 * and the backends that exited), so that a benchmark on a shared machine can report work done per
 * task next to wall time, which other processes' load inflates. The server side reads Linux's
 * {@code /proc}; elsewhere it reads 0.
 */
final class CpuMeter {
  /** Linux's USER_HZ: {@code /proc} counts CPU time in ticks of 10 ms. */
  private static final double MILLIS_PER_TICK = 10.0;

  private final long serverPid;

  private CpuMeter(long serverPid) {
    this.serverPid = serverPid;
  }

  /**
   * Measures the PostgreSQL server listening on {@code port} of this machine: its postmaster runs
   * as {@code postgres -D DIR -p PORT ...} (pg_ctl, which started it, has exited).
   */
  static CpuMeter forServerOnPort(int port) {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      long pid =
          processes
              .map(path -> path.getFileName().toString())
              .filter(name -> name.chars().allMatch(Character::isDigit))
              .mapToLong(Long::parseLong)
              .filter(candidate -> isPostmaster(candidate, port))
              .findFirst()
              .orElse(-1);
      return new CpuMeter(pid);
    } catch (IOException | RuntimeException e) {
      return new CpuMeter(-1);
    }
  }

  private static boolean isPostmaster(long pid, int port) {
    try {
      String[] args =
          Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\u0000");
      if (args.length == 0 || !args[0].endsWith("postgres")) {
        return false;
      }
      for (int i = 0; i + 1 < args.length; i++) {
        if (args[i].equals("-p") && args[i + 1].equals(Integer.toString(port))) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** CPU time used so far, in ms. */
  Reading read() {
    return new Reading(jvmMillis(), serverMillis());
  }

  /** CPU ms of the JVM and of the server at one instant. */
  record Reading(double jvm, double server) {
    /** The CPU used between {@code earlier} and this reading. */
    Reading since(Reading earlier) {
      return new Reading(jvm - earlier.jvm, server - earlier.server);
    }

    double total() {
      return jvm + server;
    }
  }

  private static double jvmMillis() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e6;
    }
    return 0;
  }

  /** The postmaster's own and reaped children's time plus each live backend's own time. */
  private double serverMillis() {
    if (serverPid < 0) {
      return 0;
    }
    long ticks = ticks(serverPid, true);
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      ticks +=
          processes
              .map(path -> path.getFileName().toString())
              .filter(name -> name.chars().allMatch(Character::isDigit))
              .mapToLong(Long::parseLong)
              .filter(pid -> parent(pid) == serverPid)
              .map(pid -> ticks(pid, false))
              .sum();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return ticks * MILLIS_PER_TICK;
  }

  /** Fields of {@code /proc/PID/stat} after the command name; empty when the process is gone. */
  private static String[] stat(long pid) {
    try {
      String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return line.substring(line.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return new String[0];
    }
  }

  private static long parent(long pid) {
    String[] fields = stat(pid);
    return fields.length > 1 ? Long.parseLong(fields[1]) : -1;
  }

  /** utime + stime (fields 14, 15), and with children cutime + cstime (16, 17). */
  private static long ticks(long pid, boolean withChildren) {
    String[] fields = stat(pid);
    if (fields.length < 15) {
      return 0;
    }
    // Fields here start at field 3 (state), so field N is at index N - 3.
    long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return withChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
  }
}
