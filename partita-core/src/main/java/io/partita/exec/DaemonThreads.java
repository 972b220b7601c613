package io.partita.exec;

import java.util.concurrent.ThreadFactory;

/** Threads of the executor's pools: named, and never keeping the JVM alive on their own. */
final class DaemonThreads {
  private DaemonThreads() {}

  static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
