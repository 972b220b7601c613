package io.partita.bench;

import java.io.PrintStream;

/** One benchmark: prints its figures as it goes and returns them. Never asserts a timing. */
public interface Benchmark {
  String name();

  /** One line for {@code partita bench --help}. */
  String description();

  BenchResult run(BenchOptions options, PrintStream out) throws Exception;
}
