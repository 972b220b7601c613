package io.partita.cli;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code partita}: the command line. Maps errors to exit codes: 2 bad input, 3 conflict, 1 failed
 * run.
 */
@Command(
    name = "partita",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Backfill-first orchestrator for partitioned data pipelines.",
    footer = {"", "Benchmarks: ./partita bench [NAME...] (in partita-bench.jar, not in this jar)."},
    subcommands = {
      InitCommand.class,
      DemoCommand.class,
      PlanCommand.class,
      BackfillCommand.class,
      StatusCommand.class,
      RunsCommand.class,
      RunCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      CancelCommand.class,
      QueryCommand.class,
      ChecksCommand.class,
      RollbackCommand.class,
      VersionsCommand.class,
      PromoteCommand.class,
      DropVersionCommand.class,
      GcCommand.class,
      RepairCommand.class,
      TickCommand.class,
      ServeCommand.class,
      WorkerCommand.class,
      WorkersCommand.class,
      ScheduleCommand.class,
      LateReportCommand.class,
      LineageCommand.class,
      AuditCommand.class,
      UiCommand.class,
      DrillCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    prepareNativeLibraries(Main.class, args);
    System.exit(execute(args));
  }

  /**
   * Puts DuckDB's native library where DuckDB will load it (see {@link NativeLibraries}); exits the
   * JVM after running {@code mainClass} again when this JVM was started without the launcher's
   * library path. Entry points call it first, before any DuckDB class loads.
   */
  public static void prepareNativeLibraries(Class<?> mainClass, String[] args) {
    Path nativeDirectory =
        NativeLibraries.cacheDirectory(System.getenv()).resolve("native").resolve("duckdb");
    try {
      if (NativeLibraries.extractDuckDb(nativeDirectory)
          && !NativeLibraries.onLibraryPath(nativeDirectory)) {
        // Started as `java -jar` without the launcher's library path: DuckDB could not find it.
        System.exit(NativeLibraries.relaunch(nativeDirectory, mainClass, args));
      }
    } catch (PartitaException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(e.category().exitCode());
    }
  }

  /** Runs the CLI and returns the exit code (tests call this in-process). */
  public static int execute(String... args) {
    return execute(new CommandLine(new Main()), args);
  }

  /**
   * Runs {@code commandLine}, the CLI with commands added by modules it does not ship (e.g. {@code
   * bench} from partita-bench), with the CLI's error handling and exit codes.
   */
  public static int execute(CommandLine commandLine, String... args) {
    // While another process holds the warehouse, the commands that need it run there.
    commandLine.setExecutionStrategy(
        parsed -> {
          try {
            return HolderClient.forward(parsed, List.of(args))
                .orElseGet(() -> new CommandLine.RunLast().execute(parsed));
          } catch (PartitaException e) {
            throw new CommandLine.ExecutionException(commandLine, e.getMessage(), e);
          }
        });
    return executeHere(commandLine, args);
  }

  /** As {@link #execute(CommandLine, String...)}, always in this process. */
  static int executeHere(CommandLine commandLine, String... args) {
    commandLine.setExecutionExceptionHandler(Main::handle);
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          System.err.println("error: " + exception.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(exception, System.err);
          CommandLine failing = exception.getCommandLine();
          String name =
              failing.getParent() == null ? "partita" : "partita " + failing.getCommandName();
          System.err.println("Run `" + name + " --help` for usage.");
          return ErrorCategory.USER.exitCode();
        });
    return commandLine.execute(args);
  }

  private static int handle(
      Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    boolean verbose =
        parseResult.hasMatchedOption("--verbose")
            || (parseResult.subcommand() != null
                && parseResult.subcommand().hasMatchedOption("--verbose"));
    if (exception instanceof PartitaException partita) {
      System.err.println("error: " + Terminal.safe(partita.getMessage()));
      if (verbose || partita.category() == ErrorCategory.INTERNAL) {
        if (verbose) {
          partita.printStackTrace(System.err);
        } else {
          System.err.println("(run again with --verbose for the stack trace)");
        }
      }
      return partita.category().exitCode();
    }
    System.err.println("error: internal: " + Terminal.safe(exception));
    if (verbose) {
      exception.printStackTrace(System.err);
    } else {
      System.err.println("(run again with --verbose for the stack trace)");
    }
    return ErrorCategory.INTERNAL.exitCode();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"partita " + (version == null ? "dev" : version)};
    }
  }
}
