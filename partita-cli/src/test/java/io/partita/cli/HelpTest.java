package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class HelpTest {
  @ParameterizedTest(name = "partita {0} --help")
  @ValueSource(
      strings = {
        "init",
        "demo",
        "plan",
        "backfill",
        "status",
        "runs",
        "run",
        "run show",
        "pause",
        "resume",
        "cancel",
        "query",
        "ui"
      })
  void everySubcommandPrintsItsUsage(String command) {
    String[] words = command.split(" ");
    String[] args = java.util.Arrays.copyOf(words, words.length + 1);
    args[words.length] = "--help";

    Cli.Result result = Cli.run(args).assertExit(0);

    assertThat(result.stdout()).startsWith("Usage: partita " + command).contains("-h, --help");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void topLevelHelpListsTheCommands() {
    Cli.Result result = Cli.run("--help").assertExit(0);

    assertThat(result.stdout())
        .startsWith("Usage: partita")
        .contains("backfill", "status", "resume", "query", "demo");
  }

  @Test
  void topLevelHelpSaysWhereTheBenchmarksRunSinceTheyAreNotInThisJar() {
    Cli.Result result = Cli.run("--help").assertExit(0);

    assertThat(result.stdout())
        .contains("Benchmarks: ./partita bench [NAME...] (in partita-bench.jar, not in this jar).")
        .doesNotContainPattern("(?m)^ +bench ");
  }

  @Test
  void backfillHelpDocumentsItsOptions() {
    Cli.Result result = Cli.run("backfill", "--help").assertExit(0);

    assertThat(result.stdout())
        .contains(
            "--partitions",
            "--from",
            "--to",
            "--assets",
            "--max-parallel",
            "--write-mode",
            "--retries",
            "--reprocess",
            "--order",
            "--dry-run",
            "--reason",
            "--json",
            "--project");
  }

  @Test
  void everyOptionHasADescription() {
    List<String> undescribed = new ArrayList<>();
    walk(new CommandLine(new Main()), undescribed);

    assertThat(undescribed).isEmpty();
  }

  /**
   * Every option and positional of {@code commandLine} and its subcommands without a description.
   */
  private static void walk(CommandLine commandLine, List<String> undescribed) {
    CommandSpec spec = commandLine.getCommandSpec();
    for (ArgSpec argument : spec.args()) {
      boolean described = Arrays.stream(argument.description()).anyMatch(line -> !line.isBlank());
      if (!described) {
        String name =
            argument instanceof OptionSpec option ? option.longestName() : argument.paramLabel();
        undescribed.add(spec.qualifiedName(" ") + " " + name);
      }
    }
    commandLine.getSubcommands().values().forEach(sub -> walk(sub, undescribed));
  }

  @Test
  void noHelpLineIsBrokenBeforeTheWidth() {
    List<String> broken = new ArrayList<>();
    brokenWraps(new CommandLine(new Main()), broken);

    assertThat(broken).isEmpty();
  }

  /**
   * A line of a command's description that ends mid-sentence although the next word would have fit
   * on it: a description written as several array elements, which picocli prints as separate lines
   * instead of one wrapped paragraph.
   */
  private static void brokenWraps(CommandLine commandLine, List<String> broken) {
    List<String> lines = commandLine.getUsageMessage().lines().toList();
    int width = commandLine.getUsageHelpWidth();
    int first = 1;
    while (first < lines.size() && lines.get(first).startsWith(" ")) {
      first++; // the synopsis continues
    }
    for (int i = first; i + 1 < lines.size(); i++) {
      String line = lines.get(i);
      String next = lines.get(i + 1);
      if (line.isBlank() || line.startsWith(" ") || next.isBlank() || next.startsWith(" ")) {
        break; // the description ends where the options start
      }
      String firstWord = next.split(" ")[0];
      if (!line.matches(".*[.:;!?)]$") && line.length() + 1 + firstWord.length() < width) {
        broken.add(commandLine.getCommandSpec().qualifiedName(" ") + ": " + line + " / " + next);
      }
    }
    commandLine.getSubcommands().values().forEach(sub -> brokenWraps(sub, broken));
  }
}
