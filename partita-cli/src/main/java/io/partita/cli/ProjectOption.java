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

  Path dir() {
    return project.toAbsolutePath().normalize();
  }
}
