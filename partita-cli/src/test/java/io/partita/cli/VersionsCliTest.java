package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** versions, promote, rollback ASSET, drop-version, --target and --stale through the CLI. */
class VersionsCliTest {
  @TempDir Path temp;

  @Test
  void rebuildCompareSwitchAndSwitchBack() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-10", "--max-parallel", "3")
        .assertExit(0);
    Projects.edit(
        project.resolve("models/features.sql"),
        "round(sum(amount), 2) as amount_3d",
        "round(sum(amount) * 1.05, 2) as amount_3d");

    assertThat(Projects.statuses(project)).isNotEmpty();
    JsonNode stale = Cli.json(project, "status", "--assets", "features");
    assertThat(stale.at("/assets/0/partitions/0/stale").asBoolean()).isTrue();

    Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01..2024-12-10",
            "--assets",
            "features",
            "--target",
            "features_v2")
        .assertExit(0);
    JsonNode versions = Cli.json(project, "versions", "features");
    assertThat(versions.get("versions")).hasSize(2);
    assertThat(versions.at("/versions/0/version").asText()).isEqualTo("v1");
    assertThat(versions.at("/versions/0/live").asBoolean()).isTrue();
    assertThat(versions.at("/versions/1/partitions_filled").asInt()).isEqualTo(10);
    // v1 was written by the old definition of features, v2 by the current one.
    assertThat(versions.at("/versions/0/partitions_stale").asInt()).isEqualTo(10);
    assertThat(versions.at("/versions/1/partitions_stale").asInt()).isZero();

    Cli.Result refused =
        Cli.in(project, "promote", "features", "--to", "v2", "--max-drift", "0.0001");
    refused.assertExit(1);
    assertThat(refused.stdout())
        .contains("Refused: features stays on v1.")
        .contains("amount_3d: PSI");
    // promote --json has the shape of the API's POST /api/assets/{a}/promote (one serializer).
    JsonNode refusedJson =
        Cli.in(project, "promote", "features", "--to", "v2", "--max-drift", "0.0001", "--json")
            .assertExit(1)
            .json();
    assertThat(refusedJson.get("switched").asBoolean()).isFalse();
    assertThat(refusedJson.get("live").asText()).isEqualTo("v1");
    assertThat(refusedJson.at("/comparison/passed").asBoolean()).isFalse();
    assertThat(refusedJson.at("/comparison/canaries")).isNotEmpty();
    assertThat(refusedJson.at("/comparison/problems").toString()).contains("amount_3d");

    Cli.Result promoted =
        Cli.in(
            project,
            "promote",
            "features",
            "--to",
            "v2",
            "--max-drift",
            "100",
            "--reason",
            "5% uplift");
    promoted.assertExit(0);
    assertThat(promoted.stdout())
        .containsPattern("Promoted features: v1 -> v2 \\(view switched in [0-9.]+ ms\\)");
    assertThat(
            Projects.scalar(project, "select count(*) from features where amount_3d is not null")
                .asLong())
        .isEqualTo(200);

    Cli.Result dropLive = Cli.in(project, "drop-version", "features", "v2");
    dropLive.assertExit(2);
    assertThat(dropLive.stderr())
        .contains("v2 is the live version of 'features' and cannot be dropped");

    Cli.in(project, "rollback", "features").assertExit(0);
    assertThat(Cli.json(project, "versions", "features").at("/versions/0/live").asBoolean())
        .isTrue();
    assertThat(Cli.json(project, "versions", "features").get("history"))
        .extracting(h -> h.get("action").asText())
        .containsExactly("promote", "rollback");
    assertThat(Cli.json(project, "versions", "features").at("/history/0/details").asText())
        .startsWith("canaries: 2024-12-08 rows 20->20 keys 100.0% psi entity_id=");
    Cli.in(project, "drop-version", "features", "v2").assertExit(0);
  }

  @Test
  void staleSelectsExactlyTheEditedAssetAndItsDownstream() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-04").assertExit(0);
    Projects.edit(
        project.resolve("models/staging_events.sql"),
        "amount is not null",
        "amount is not null and amount > -1e9");

    JsonNode plan = Cli.json(project, "backfill", "--stale", "--dry-run");

    assertThat(plan.get("tasks"))
        .extracting(t -> t.get("asset").asText())
        .containsOnly("staging_events", "features")
        .hasSize(8);
    Cli.in(project, "backfill", "--stale").assertExit(0);
    Cli.Result again = Cli.in(project, "backfill", "--stale");
    again.assertExit(2);
    assertThat(again.stderr()).contains("Nothing is stale in the selection");
  }

  @Test
  void aTargetNamingAnAssetOutsideTheSelectionIsBadInput() {
    Path project = Projects.init(temp.resolve("p"));

    Cli.Result result =
        Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01",
            "--assets",
            "raw_events",
            "--target",
            "features_v2");

    result.assertExit(2);
    assertThat(result.stderr())
        .contains("--target features_v2 names asset 'features', which is not in --assets");
    assertThat(Projects.runIds(project)).isEmpty();
  }
}
