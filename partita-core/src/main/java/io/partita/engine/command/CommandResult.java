package io.partita.engine.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A command that exited successfully and wrote its output file. */
public record CommandResult(
    int exitCode, Duration duration, List<String> stderrTail, Path logFile) {
  public CommandResult {
    stderrTail = List.copyOf(stderrTail);
  }
}
