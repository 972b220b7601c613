package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionTest {
  @Test
  void bashCompletionCompletesSubcommandsAndTheirOptions(@TempDir Path temp) throws Exception {
    Cli.Result result = Cli.run("completion", "bash").assertExit(0);
    Path script = temp.resolve("partita-completion.bash");
    Files.writeString(script, result.stdout());

    // Source the script in a real bash and ask it to complete `partita back` and `partita backfill
    // --max`.
    String words =
        complete(script, "partita back", 1) + "|" + complete(script, "partita backfill --max-p", 2);

    assertThat(words).contains("backfill").contains("--max-parallel");
  }

  @Test
  void zshScriptLoadsBashCompatibilityFirst() {
    Cli.Result result = Cli.run("completion", "zsh").assertExit(0);

    assertThat(result.stdout())
        .startsWith("autoload -U +X compinit")
        .contains("bashcompinit", "backfill");
  }

  @Test
  void unknownShellIsBadInput() {
    Cli.Result result = Cli.run("completion", "fish").assertExit(2);

    assertThat(result.stderr()).contains("fish", "bash", "zsh");
  }

  private static String complete(Path script, String line, int wordIndex) throws Exception {
    String program =
        "source '"
            + script
            + "'; COMP_LINE='"
            + line
            + "'; COMP_WORDS=("
            + line
            + "); COMP_CWORD="
            + wordIndex
            + "; COMP_POINT=${#COMP_LINE}; _complete_partita; echo \"${COMPREPLY[*]}\"";
    Process process = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return output;
  }
}
