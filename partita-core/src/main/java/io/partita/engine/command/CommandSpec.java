package io.partita.engine.command;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of a command asset: the rendered argv (started without a shell), environment variables
 * added to the inherited environment, and the file the command must write.
 */
public record CommandSpec(
    List<String> argv,
    Map<String, String> environment,
    Path workingDirectory,
    Path outputFile,
    String asset,
    String partition) {
  public CommandSpec {
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
    requireNonNull(workingDirectory, "workingDirectory is null");
    requireNonNull(outputFile, "outputFile is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
  }

  /** Where stdout and stderr of the command go: next to the output file. */
  public Path logFile() {
    return outputFile.resolveSibling(outputFile.getFileName() + ".log");
  }

  String where() {
    return String.format("asset '%s' partition %s", asset, partition);
  }
}
