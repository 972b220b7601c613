package io.partita.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --project DIR}, taken by every command. */
final class ProjectOption {
  @Option(
      names = "--project",
      paramLabel = "DIR",
      description = "Project directory (default: ${DEFAULT-VALUE}).",
      defaultValue = ".")
  Path project;

  /**
   * The directory relative paths start from: this process's working directory, or, while the
   * process holding the warehouse runs a command for another shell, that shell's (see {@link
   * HeldCommands}).
   */
  static final ThreadLocal<Path> WORKING_DIRECTORY = new ThreadLocal<>();

  Path dir() {
    Path base = WORKING_DIRECTORY.get();
    return (base == null ? project.toAbsolutePath() : base.resolve(project)).normalize();
  }
}
