package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What commands print reads as English: human durations, singular and plural counts. */
class MessagesTest {
  @TempDir Path temp;

  @Test
  void durationsArePrintedHumanly() {
    Path project = Projects.slow(temp.resolve("slow"), 5);
    Projects.edit(project.resolve("partita.yaml"), "  timeout: 1h", "  timeout: 1s");

    Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01",
            "--assets",
            "raw_events",
            "--retries",
            "0")
        .assertExit(1);

    JsonNode run = Cli.json(project, "run", "show", Projects.runIds(project).get(0));
    String error = run.get("tasks").get(0).get("error").asText();
    assertThat(error).contains("timed out after 1s").doesNotContain("PT1S");
  }

  @Test
  void countsAreSingularForOneAndPluralOtherwise() {
    Path project = Projects.init(temp.resolve("shop"));

    String one =
        Cli.in(project, "plan", "--partitions", "2024-12-01", "--assets", "raw_events")
            .assertExit(0)
            .stdout();
    String many =
        Cli.in(project, "plan", "--partitions", "2024-12-01..2024-12-02").assertExit(0).stdout();

    assertThat(one).contains("Plan: 1 task over 1 partition,");
    assertThat(many).contains("Plan: 6 tasks over 2 partitions,");
    assertThat(Words.count(1, "task")).isEqualTo("1 task");
    assertThat(Words.count(0, "row")).isEqualTo("0 rows");
    assertThat(Words.count(1234, "row")).isEqualTo("1,234 rows");
  }

  @Test
  void progressBarMessageIsSeparatedFromTheSpeed() {
    // The bar prints the message right after "13.3/s": without a separator it read "13.3/s0
    // running".
    assertThat("13.3/s" + ProgressReporter.extraMessage(0, 0)).isEqualTo("13.3/s · 0 running");
    assertThat(ProgressReporter.extraMessage(2, 1)).isEqualTo(" · 2 running, 1 failed");
  }
}
