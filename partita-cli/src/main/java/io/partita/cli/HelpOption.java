package io.partita.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} alone, for commands that cannot mix in picocli's standard help options because
 * their {@code --version} selects an asset version instead of printing Partita's.
 */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
