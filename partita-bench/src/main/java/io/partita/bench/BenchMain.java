package io.partita.bench;

import io.partita.cli.Main;
import picocli.CommandLine;

/**
 * {@code partita bench ...}: the CLI plus the {@code bench} command. The benchmarks and the TPC-H
 * generator live in partita-bench.jar, outside the CLI's runtime jar; the launcher runs this class
 * with both jars on the class path when the first argument is {@code bench}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    Main.prepareNativeLibraries(BenchMain.class, args);
    System.exit(execute(args));
  }

  /** Runs {@code partita ARGS} with {@code bench} available; returns the exit code. */
  public static int execute(String... args) {
    return Main.execute(new CommandLine(new Main()).addSubcommand(new BenchCommand()), args);
  }
}
