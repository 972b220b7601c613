package io.partita.exec;

import java.net.InetAddress;
import java.util.Optional;

/** Identifies the process executing a run, {@code host:pid}, and tells whether a local owner died. */
public final class Owner {
  private Owner() {}

  public static String current() {
    return host() + ":" + ProcessHandle.current().pid();
  }

  /** True when {@code owner} is a process on this host that no longer exists. */
  public static boolean isDeadLocalProcess(String owner) {
    int colon = owner.lastIndexOf(':');
    if (colon < 0 || !owner.substring(0, colon).equals(host())) {
      return false;
    }
    try {
      long pid = Long.parseLong(owner.substring(colon + 1));
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      return handle.isEmpty() || !handle.get().isAlive();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** This machine's host name, as used in owners. */
  public static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
