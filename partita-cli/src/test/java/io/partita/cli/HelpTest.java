package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {
  @ParameterizedTest(name = "partita {0} --help")
  @ValueSource(strings = {"init", "demo", "plan", "backfill", "status", "runs", "run", "run show", "pause", "resume",
      "cancel", "query", "ui"})
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

    assertThat(result.stdout()).startsWith("Usage: partita").contains("backfill", "status", "resume", "query", "demo");
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

    assertThat(result.stdout()).contains("--partitions", "--from", "--to", "--assets", "--max-parallel", "--write-mode",
        "--retries", "--reprocess", "--order", "--dry-run", "--reason", "--json", "--project");
  }
}
