package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read or that are refused leave no state file or warehouse behind, and text
 * that users wrote (--reason, --actor) reaches the terminal with its control characters escaped.
 */
class CliInputTest {
  private static final String ESCAPE = "\u001b";
  private static final String HOSTILE_REASON =
      "fix " + ESCAPE + "[2J" + ESCAPE + "[31mred\u0007 \u202eevil";
  private static final String HOSTILE_ACTOR = "eve" + ESCAPE + "]0;pwned\u0007";

  @TempDir Path temp;

  @Test
  void planOnFreshProjectCreatesNoStateFile() {
    Path project = Projects.init(temp.resolve("p"));

    Cli.in(project, "plan", "--partitions", "2024-12-01..2024-12-03").assertExit(0);
    Cli.Result status = Cli.in(project, "status").assertExit(0);
    Cli.in(project, "runs").assertExit(0);
    Cli.in(project, "audit").assertExit(0);
    Cli.in(project, "lineage", "features", "--partition", "2024-12-03").assertExit(0);
    Cli.in(project, "checks").assertExit(0);
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-03", "--dry-run")
        .assertExit(0);

    assertThat(status.stdout()).contains("features", "nothing materialized yet");
    assertThat(project.resolve(".partita")).doesNotExist();
  }

  @Test
  void refusedBackfillCreatesNoStateFile() {
    Path project = Projects.init(temp.resolve("p"));

    Cli.Result unknownAsset =
        Cli.in(
            project, "backfill", "--partitions", "2024-12-01..2024-12-02", "--assets", "featurs");
    Cli.Result versionZero =
        Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01..2024-12-02",
            "--target",
            "features_v0");
    Cli.Result pastYear9999 = Cli.in(project, "backfill", "--partitions", "9999-12-31..9999-12-31");
    Cli.Result badRetries =
        Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02", "--retries", "-1");

    unknownAsset.assertExit(2);
    versionZero.assertExit(2);
    pastYear9999.assertExit(2);
    badRetries.assertExit(2);
    assertThat(versionZero.errorLines()).singleElement().asString().contains("features_v0");
    assertThat(pastYear9999.errorLines()).singleElement().asString().contains("9999-12-30");
    assertThat(project.resolve(".partita")).doesNotExist();
  }

  @Test
  void refusalsOfUnknownRunsAndUnpublishedAssetsCreateNoStateFile() {
    Path project = Projects.init(temp.resolve("p"));

    for (String[] args :
        new String[][] {
          {"resume", "nope"}, {"cancel", "nope"}, {"pause", "nope"}, {"rollback", "--run", "nope"}
        }) {
      Cli.Result refused = Cli.in(project, args).assertExit(2);
      assertThat(refused.errorLines()).singleElement().asString().contains("Unknown run 'nope'");
    }
    for (String[] args :
        new String[][] {
          {"rollback", "features"},
          {"promote", "features", "--to", "v2"},
          {"drop-version", "features", "v2"}
        }) {
      Cli.Result refused = Cli.in(project, args).assertExit(2);
      assertThat(refused.errorLines())
          .singleElement()
          .asString()
          .contains("Asset 'features' has never been published");
    }
    Cli.in(project, "versions", "features").assertExit(0);
    Cli.in(project, "schedule", "status").assertExit(0);
    Cli.in(project, "gc").assertExit(0);

    assertThat(project.resolve(".partita")).doesNotExist();
  }

  @Test
  void backfillAfterReadOnlyCommandsStillCreatesTheStateFile() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "plan", "--partitions", "2024-12-01..2024-12-01").assertExit(0);

    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-01").assertExit(0);

    assertThat(project.resolve(".partita/state.db")).isRegularFile();
    assertThat(Projects.runIds(project)).hasSize(1);
    assertThat(Projects.statuses(project)).containsEntry("features 2024-12-01", "succeeded");
  }

  @Test
  void runShowEscapesControlCharactersInReason() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01..2024-12-01",
            "--reason",
            HOSTILE_REASON,
            "--actor",
            HOSTILE_ACTOR)
        .assertExit(0);
    String runId = Projects.runIds(project).get(0);

    Cli.Result show = Cli.in(project, "run", "show", runId).assertExit(0);
    Cli.Result json = Cli.in(project, "run", "show", runId, "--json").assertExit(0);

    assertThat(show.stdout())
        .doesNotContain(ESCAPE, "\u0007", "\u202e")
        .contains("reason: fix \\u001b[2J\\u001b[31mred\\u0007 \\u202eevil")
        .contains("by eve\\u001b]0;pwned\\u0007");
    assertThat(json.json().get("reason").asText()).isEqualTo(HOSTILE_REASON);
  }

  @Test
  void auditEscapesControlCharacters() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01..2024-12-01",
            "--reason",
            HOSTILE_REASON,
            "--actor",
            HOSTILE_ACTOR)
        .assertExit(0);

    Cli.Result audit = Cli.in(project, "audit").assertExit(0);
    Cli.Result json = Cli.in(project, "audit", "--json").assertExit(0);

    assertThat(audit.stdout().lines().filter(line -> line.contains(" end ")))
        .hasSize(3)
        .allSatisfy(
            line ->
                assertThat(line)
                    .doesNotContain(ESCAPE, "\u0007", "\u202e")
                    .contains(
                        "by eve\\u001b]0;pwned\\u0007 (fix \\u001b[2J\\u001b[31mred\\u0007 \\u202eevil)"));
    assertThat(json.json().get("audit").get(0).get("actor").asText()).isEqualTo(HOSTILE_ACTOR);
  }

  @Test
  void queryResultsAndErrorsEscapeControlCharacters() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-01").assertExit(0);

    Cli.Result query = Cli.in(project, "query", "select chr(27) || '[2J' as cell").assertExit(0);
    Cli.Result error = Cli.in(project, "status", "--assets", "x" + ESCAPE + "[2J");

    assertThat(query.stdout()).doesNotContain(ESCAPE).contains("\\u001b[2J");
    assertThat(error.errorLines())
        .singleElement()
        .asString()
        .doesNotContain(ESCAPE)
        .contains("\\u001b[2J");
  }
}
