package io.partita.engine.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads one output stream of a child process on its own thread, so the child never blocks on a full
 * pipe. Every line goes to the shared log; the last lines are kept for error messages.
 */
final class OutputDrain implements Runnable {
  static final int TAIL_LINES = 20;

  private final InputStream stream;
  private final Writer log;
  private final String prefix;
  private final Deque<String> tail = new ArrayDeque<>();
  private IOException failure;

  OutputDrain(InputStream stream, Writer log, String prefix) {
    this.stream = stream;
    this.log = log;
    this.prefix = prefix;
  }

  Thread start(String name) {
    Thread thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (log) {
          log.write(prefix + line + "\n");
        }
        synchronized (this) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // Reported by the runner, which knows whether the process was killed on purpose.
      synchronized (this) {
        failure = e;
      }
    }
  }

  synchronized List<String> tail() {
    return new ArrayList<>(tail);
  }

  /** The I/O error that stopped draining (log not writable, pipe broken), or null. */
  synchronized IOException failure() {
    return failure;
  }
}
