package io.partita.cli;

import io.partita.PartitaException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The commands the process holding the warehouse runs for other shells, and how: the same picocli
 * command, on the requesting shell's arguments and working directory, with its output captured.
 * Only commands that need the warehouse are on the list; every other command works from any shell
 * while the warehouse is held ({@code status}, {@code checks}, {@code lineage} read the state
 * store), and {@code backfill}/{@code resume} hand their runs over through the state store (see
 * {@link RunFollower}) so that the requesting shell follows their progress.
 */
final class HeldCommands {
  static final Set<List<String>> ALLOWED =
      Set.of(
          List.of("query"),
          List.of("versions"),
          List.of("promote"),
          List.of("rollback"),
          List.of("drop-version"),
          List.of("gc"),
          List.of("checks", "run"));

  private HeldCommands() {}

  /** The command path of a parse, e.g. {@code [checks, run]}; empty for {@code partita} alone. */
  static List<String> path(ParseResult parsed) {
    List<String> names = new ArrayList<>();
    for (ParseResult at = parsed.subcommand(); at != null; at = at.subcommand()) {
      names.add(at.commandSpec().name());
    }
    return names;
  }

  /** The innermost command of a parse. */
  static ParseResult leaf(ParseResult parsed) {
    ParseResult at = parsed;
    while (at.subcommand() != null) {
      at = at.subcommand();
    }
    return at;
  }

  /**
   * Whether the holder runs this parse for another shell: an allowed command, not a help request.
   */
  static boolean isHeld(ParseResult parsed) {
    ParseResult leaf = leaf(parsed);
    for (ParseResult at = parsed; at != null; at = at.subcommand()) {
      if (at.isUsageHelpRequested() || at.isVersionHelpRequested()) {
        return false;
      }
    }
    return ALLOWED.contains(path(parsed)) && projectOption(leaf).isPresent();
  }

  /** The {@code --project} of a parsed command, resolved as the command would. */
  static Optional<Path> projectDir(ParseResult leaf) {
    return projectOption(leaf).map(ProjectOption::dir);
  }

  private static Optional<ProjectOption> projectOption(ParseResult leaf) {
    CommandLine.Model.CommandSpec mixin = leaf.commandSpec().mixins().get("project");
    return mixin != null && mixin.userObject() instanceof ProjectOption option
        ? Optional.of(option)
        : Optional.empty();
  }

  /**
   * Runs {@code args} for another shell whose working directory is {@code workingDirectory}, if it
   * is an allowed command on {@code project}; returns what it printed and its exit code.
   *
   * @throws PartitaException USER when the arguments do not parse, name another command or another
   *     project
   */
  static CapturedOutput.Result run(List<String> args, Path workingDirectory, Path project) {
    ProjectOption.WORKING_DIRECTORY.set(workingDirectory);
    try {
      ParseResult parsed;
      try {
        parsed = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        throw PartitaException.user("Invalid arguments: %s", e.getMessage());
      }
      if (!isHeld(parsed)) {
        throw PartitaException.user(
            "`partita %s` is not run for other shells; only %s are",
            String.join(" ", path(parsed)),
            ALLOWED.stream().map(command -> String.join(" ", command)).sorted().toList());
      }
      Path asked = projectDir(leaf(parsed)).orElseThrow();
      if (!sameDirectory(asked, project)) {
        throw PartitaException.user(
            "This process holds the warehouse of %s, not of %s", project, asked);
      }
      return CapturedOutput.run(
          () -> Main.executeHere(new CommandLine(new Main()), args.toArray(String[]::new)));
    } finally {
      ProjectOption.WORKING_DIRECTORY.remove();
    }
  }

  private static boolean sameDirectory(Path first, Path second) {
    try {
      return first.toRealPath().equals(second.toRealPath());
    } catch (java.io.IOException e) {
      return first.toAbsolutePath().normalize().equals(second.toAbsolutePath().normalize());
    }
  }
}
