package io.partita.bench;

import io.partita.PartitaException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks (numbers, never pass/fail): overhead, planner, checks, tpch, resume, grid,"
          + " workers; spark (Spark + Iceberg vs a bare Spark loop) only when named.",
      "Each result is printed with its parameters and the machine, and written to"
          + " bench-results/<timestamp>.json.",
      "Example: partita bench tpch --scale 0.1"
    })
final class BenchCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "NAME",
      arity = "0..*",
      description = "Benchmarks to run (default: all but spark).")
  List<String> names = new ArrayList<>();

  @Option(
      names = "--scale",
      paramLabel = "SF",
      defaultValue = "1",
      description = "TPC-H scale factor for tpch (default 1 = 6M rows).")
  double scale;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "tpch: only the first N shipping days (default 0: all, about 2,500); spark: N daily"
              + " partitions (default 0: 200).")
  int days;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "bench-results",
      description = "Directory of the JSON results (default bench-results).")
  Path out;

  @Option(
      names = "--json",
      description = "Print the JSON report on stdout (the text goes to stderr).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    for (String name : names) {
      if (!Benchmarks.names().contains(name)) {
        throw PartitaException.user(
            "Unknown benchmark '%s': choose from %s", name, String.join(", ", Benchmarks.names()));
      }
    }
    if (!(scale > 0)) {
      throw PartitaException.user("--scale must be positive, got %s", scale);
    }
    if (days < 0) {
      throw PartitaException.user("--days must be 0 (all) or positive, got %d", days);
    }
    PrintStream text = json ? System.err : System.out;
    BenchOptions options =
        BenchOptions.DEFAULT.withScale(scale).withTpchDays(days).withOutputDir(out);
    Benchmarks.Report report = Benchmarks.run(names, options, text, Clock.systemUTC());
    if (json) {
      System.out.println(Benchmarks.toJson(report.json()));
    }
    return 0;
  }
}
