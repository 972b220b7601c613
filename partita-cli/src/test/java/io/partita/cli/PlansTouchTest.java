package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans, runs and resumes say exactly which partitions of which asset they touch, and why. */
class PlansTouchTest {
  @TempDir Path temp;

  @Test
  void planListsExtraUpstreamPartitionsAndWhy() {
    Path project = Projects.init(temp.resolve("p"));

    Cli.Result plan =
        Cli.in(project, "plan", "--partitions", "2024-12-10..2024-12-12", "--assets", "+features")
            .assertExit(0);

    assertThat(plan.stdout())
        .contains("Plan: 13 tasks over 5 partitions")
        .contains(
            "  + raw_events 2024-12-08..2024-12-09: read by features 2024-12-10 (window [-2, 0]) via staging_events\n")
        .contains(
            "  + staging_events 2024-12-08..2024-12-09: read by features 2024-12-10 (window [-2, 0])\n")
        .doesNotContain("+ features");
    JsonNode json =
        Cli.json(
            project, "plan", "--partitions", "2024-12-10..2024-12-12", "--assets", "+features");
    assertThat(json.get("extra")).hasSize(2);
    assertThat(json.get("extra").get(0).get("asset").asText()).isEqualTo("raw_events");
    assertThat(json.get("extra").get(0).get("partitions").asText())
        .isEqualTo("2024-12-08..2024-12-09");
    assertThat(json.get("extra").get(0).get("tasks").asInt()).isEqualTo(2);
    assertThat(json.get("extra").get(0).get("why").asText())
        .startsWith("read by features 2024-12-10");
    assertThat(ranges(json.get("asset_ranges")))
        .containsExactly(
            "raw_events 2024-12-08..2024-12-12 5 +2024-12-08..2024-12-09",
            "staging_events 2024-12-08..2024-12-12 5 +2024-12-08..2024-12-09",
            "features 2024-12-10..2024-12-12 3 +");
    // From the pipeline start, the windows read nothing before the range: nothing extra to say.
    assertThat(
            Cli.in(project, "plan", "--partitions", "2024-12-01..2024-12-03")
                .assertExit(0)
                .stdout())
        .doesNotContain("Also builds");
    assertThat(
            Cli.in(
                    project,
                    "backfill",
                    "--dry-run",
                    "--partitions",
                    "2024-12-10..2024-12-12",
                    "--assets",
                    "+features")
                .assertExit(0)
                .stdout())
        .contains("  + raw_events 2024-12-08..2024-12-09: read by features 2024-12-10");
    assertThat(Projects.runIds(project)).isEmpty();
  }

  @Test
  void runsShowPerAssetRanges() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);

    Cli.Result backfill =
        Cli.in(
                project,
                "backfill",
                "--partitions",
                "2024-12-10..2024-12-12",
                "--assets",
                "+features")
            .assertExit(0);

    assertThat(backfill.stdout())
        .contains("  + staging_events 2024-12-08..2024-12-09: read by features 2024-12-10");
    String runId = Projects.runIds(project).get(0);
    String inside = Projects.runIds(project).get(1);
    String runs = Cli.in(project, "runs").assertExit(0).stdout();
    assertThat(runs)
        .contains(
            "  real ranges: raw_events 2024-12-08..2024-12-12, staging_events 2024-12-08..2024-12-12,"
                + " features 2024-12-10..2024-12-12\n");
    assertThat(runs.lines().filter(line -> line.contains("real ranges"))).hasSize(1);
    JsonNode listed = Cli.json(project, "runs").get("runs");
    assertThat(ranges(listed.get(0).get("asset_ranges")))
        .containsExactly(
            "raw_events 2024-12-08..2024-12-12 5 +2024-12-08..2024-12-09",
            "staging_events 2024-12-08..2024-12-12 5 +2024-12-08..2024-12-09",
            "features 2024-12-10..2024-12-12 3 +");
    assertThat(ranges(listed.get(1).get("asset_ranges")))
        .containsExactly(
            "raw_events 2024-12-01..2024-12-02 2 +",
            "staging_events 2024-12-01..2024-12-02 2 +",
            "features 2024-12-01..2024-12-02 2 +");

    assertThat(Cli.in(project, "run", "show", runId).assertExit(0).stdout())
        .contains(
            "  raw_events           2024-12-08..2024-12-12 (5 tasks), also 2024-12-08..2024-12-09 read by a window\n")
        .contains("  features             2024-12-10..2024-12-12 (3 tasks)\n");
    JsonNode shown = Cli.json(project, "run", "show", runId);
    assertThat(ranges(shown.get("asset_ranges")))
        .isEqualTo(ranges(listed.get(0).get("asset_ranges")));
    assertThat(shown.get("tasks")).hasSize(13);
    assertThat(Cli.json(project, "run", "show", inside).get("asset_ranges")).hasSize(3);
  }

  @Test
  void targetVersionSelectsThatAssetAlone() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-05").assertExit(0);

    // The seed's versioned rebuild: it must not rewrite the live raw and staging tables.
    Cli.Result rebuild =
        Cli.in(
                project,
                "backfill",
                "--partitions",
                "2024-12-01..2024-12-05",
                "--max-parallel",
                "3",
                "--write-mode",
                "overwrite",
                "--target",
                "features_v2")
            .assertExit(0);

    assertThat(rebuild.stdout()).contains(": 5 tasks,").doesNotContain("Also builds");
    JsonNode run = Cli.json(project, "run", "show", Projects.runIds(project).get(0));
    assertThat(run.get("tasks"))
        .hasSize(5)
        .allSatisfy(task -> assertThat(task.get("asset").asText()).isEqualTo("features"));
    assertThat(run.get("assets").toString()).isEqualTo("[\"features\"]");
    assertThat(ranges(run.get("asset_ranges")))
        .containsExactly("features 2024-12-01..2024-12-05 5 +");
    // --assets says more: then it selects what it says.
    JsonNode wider =
        Cli.json(
            project,
            "plan",
            "--partitions",
            "2024-12-01..2024-12-02",
            "--target",
            "features_v3",
            "--assets",
            "+features");
    assertThat(wider.get("tasks")).hasSize(6);
  }

  @Test
  void targetVersionWithMissingUpstreamIsRefusedWithTheCommand() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-03").assertExit(0);
    String before = Projects.warehouseFingerprint(project);

    Cli.Result refused =
        Cli.in(
                project,
                "backfill",
                "--partitions",
                "2024-12-01..2024-12-06",
                "--target",
                "features_v2")
            .assertExit(2);

    assertThat(refused.errorLines())
        .singleElement()
        .asString()
        .contains("Upstream partitions are missing")
        .contains(
            "build them first with `partita backfill --assets +staging_events --partitions 2024-12-04..2024-12-06`");
    assertThat(refused.stderr())
        .contains(
            "staging_events 2024-12-04, 2024-12-05, 2024-12-06 — needed by features 2024-12-04");
    assertThat(Projects.runIds(project)).hasSize(1);
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(before);

    Cli.in(
            project,
            "backfill",
            "--assets",
            "+staging_events",
            "--partitions",
            "2024-12-04..2024-12-06")
        .assertExit(0);
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-06", "--target", "features_v2")
        .assertExit(0);
    assertThat(Cli.json(project, "run", "show", Projects.runIds(project).get(0)).get("tasks"))
        .hasSize(6);
  }

  @Test
  void commandForMissingUpstreamWithGapsBuildsOnlyTheMissingPartitions() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(
            project,
            "backfill",
            "--assets",
            "+staging_events",
            "--partitions",
            "2024-12-01,2024-12-02,2024-12-03,2024-12-05")
        .assertExit(0);

    Cli.Result refused =
        Cli.in(
                project,
                "backfill",
                "--partitions",
                "2024-12-01..2024-12-06",
                "--target",
                "features_v2")
            .assertExit(2);

    String command =
        "partita backfill --assets +staging_events --partitions 2024-12-04..2024-12-06 --reprocess missing";
    assertThat(refused.errorLines()).singleElement().asString().contains("`" + command + "`");
    assertThat(
            Cli.in(project, command.substring("partita ".length()).split(" "))
                .assertExit(0)
                .stdout())
        .contains(": 4 tasks,");
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-06", "--target", "features_v2")
        .assertExit(0);
  }

  @Test
  void planAcceptsBackfillSelectionFlags() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-03").assertExit(0);

    assertThat(
            tasks(
                Cli.json(
                    project,
                    "plan",
                    "--partitions",
                    "2024-12-01..2024-12-03",
                    "--target",
                    "features_v2")))
        .containsExactly("features 2024-12-01", "features 2024-12-02", "features 2024-12-03");
    assertThat(
            tasks(
                Cli.json(
                    project,
                    "plan",
                    "--partitions",
                    "2024-12-01",
                    "--assets",
                    "staging_events",
                    "--downstream")))
        .containsExactly(
            "staging_events 2024-12-01",
            "features 2024-12-01",
            "features 2024-12-02",
            "features 2024-12-03");
    assertThat(
            tasks(
                Cli.json(
                    project,
                    "plan",
                    "--partitions",
                    "2024-12-01..2024-12-04",
                    "--reprocess",
                    "missing",
                    "--version",
                    "v2")))
        .containsExactly(
            "raw_events 2024-12-04", "staging_events 2024-12-04", "features 2024-12-04");
    assertThat(
            Cli.in(
                    project,
                    "plan",
                    "--partitions",
                    "2024-12-01..2024-12-03",
                    "--max-partitions",
                    "2")
                .assertExit(2)
                .errorLines())
        .singleElement()
        .asString()
        .contains("--max-partitions");
    assertThat(Cli.in(project, "plan", "--stale").assertExit(2).errorLines())
        .singleElement()
        .asString()
        .contains("Nothing is stale");
    Projects.edit(
        project.resolve("models/features.sql"),
        "count(*) as events_3d",
        "count(*) + 0 as events_3d");
    assertThat(tasks(Cli.json(project, "plan", "--stale")))
        .containsExactly("features 2024-12-01", "features 2024-12-02", "features 2024-12-03");
    // One set of flags for both commands: the dry run of backfill is the plan.
    String[] flags = {"--partitions", "2024-12-01..2024-12-03", "--stale", "--order", "desc"};
    assertThat(tasks(Cli.json(project, concat("plan", flags))))
        .isEqualTo(tasks(Cli.json(project, concat("backfill", concat("--dry-run", flags)))));
    assertThat(Cli.in(project, "plan", "--help").assertExit(0).stdout())
        .contains(
            "--stale",
            "--downstream",
            "--reprocess",
            "--target",
            "--version",
            "--max-partitions",
            "--write-mode");
  }

  @Test
  void resumeAfterDefinitionChangeSaysSoAndNamesTheCommand() {
    Path project = Projects.init(temp.resolve("p"));
    String model = Projects.read(project.resolve("models/features.sql"));
    Projects.edit(
        project.resolve("models/features.sql"),
        "round(sum(amount), 2)",
        "round(sum(no_such_column), 2)");
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02", "--retries", "0")
        .assertExit(1);
    String runId = Projects.runIds(project).get(0);

    Cli.Result unchanged = Cli.in(project, "resume", runId).assertExit(1);
    assertThat(unchanged.stdout() + unchanged.stderr()).doesNotContain("definition changed");

    Projects.write(project.resolve("models/features.sql"), model);
    Cli.Result resumed = Cli.in(project, "resume", runId).assertExit(1);

    assertThat(resumed.stdout())
        .contains(
            "The definition changed since this run's snapshot (models/features.sql): resume re-runs the run's"
                + " snapshot")
        .contains("`partita backfill --reprocess failed --partitions 2024-12-01..2024-12-02`");
    // The snapshot is frozen: resume fails again; the named command runs the new definition.
    assertThat(resumed.stdout()).contains("no_such_column");
    Cli.in(project, "backfill", "--reprocess", "failed", "--partitions", "2024-12-01..2024-12-02")
        .assertExit(0);
    assertThat(Projects.statuses(project))
        .containsEntry("features 2024-12-01", "succeeded")
        .containsEntry("features 2024-12-02", "succeeded");
  }

  @Test
  void codeFaultHintSaysReprocessNotResume() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("models/staging_events.sql"), "select event_id", "selec event_id");

    Cli.Result failed =
        Cli.in(
                project,
                "backfill",
                "--partitions",
                "2024-12-01",
                "--assets",
                "+staging_events",
                "--retries",
                "0")
            .assertExit(1);

    assertThat(failed.stdout())
        .contains(
            "Fix the model, then `partita backfill --reprocess failed --partitions 2024-12-01 --assets"
                + " +staging_events` runs the failed partitions with the new definition")
        .doesNotContain("Fix the cause");
  }

  private static List<String> ranges(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(
        range ->
            result.add(
                range.get("asset").asText()
                    + " "
                    + range.get("partitions").asText()
                    + " "
                    + range.get("tasks").asInt()
                    + " +"
                    + range.get("extra").asText()));
    return result;
  }

  private static List<String> tasks(JsonNode plan) {
    List<String> result = new ArrayList<>();
    plan.get("tasks")
        .forEach(
            task -> result.add(task.get("asset").asText() + " " + task.get("partition").asText()));
    return result;
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
