package io.partita.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: orchestration overhead and planning time (prints numbers).")
final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    return Benchmarks.runAll(System.out);
  }
}
