package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check verdicts carry the version of the asset they judged; {@code checks} selects by version. */
class CheckVersionsCliTest {
  static final String FEATURES_KEY = "    unique_key: [entity_id, date]\n";

  @TempDir static Path temp;

  /** features v1 live and v2 built (not promoted), both with a not_null check on three days. */
  static Path project;

  @BeforeAll
  static void buildTwoVersions() {
    project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        FEATURES_KEY,
        FEATURES_KEY + "    checks:\n      - not_null: {columns: [amount_3d]}\n");
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-03").assertExit(0);
    Projects.edit(
        project.resolve("models/features.sql"),
        "round(sum(amount), 2) as amount_3d",
        "round(sum(amount) * 1.05, 2) as amount_3d");
    Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01..2024-12-03",
            "--assets",
            "features",
            "--target",
            "features_v2")
        .assertExit(0);
  }

  static List<String> field(JsonNode checks, String name) {
    return StreamSupport.stream(checks.spliterator(), false)
        .map(check -> check.get(name).asText())
        .toList();
  }

  @Test
  void checksCarryTheirVersion() {
    JsonNode live = Cli.json(project, "checks", "--assets", "features").get("checks");
    Cli.Result text = Cli.in(project, "checks", "--assets", "features");

    assertThat(field(live, "version")).containsExactly("v1", "v1", "v1");
    assertThat(field(live, "run_id")).containsOnly(Projects.runIds(project).get(1));
    text.assertExit(0);
    assertThat(text.stdout())
        .containsPattern("ASSET +VERSION +PARTITION")
        .containsPattern("features +v1 +2024-12-01 +not_null\\(amount_3d\\) +passed")
        .doesNotContain(" v2 ");
  }

  @Test
  void checksAssetsAcceptsAVersionedName() {
    JsonNode candidate = Cli.json(project, "checks", "--assets", "features_v2").get("checks");
    Cli.Result show = Cli.in(project, "checks", "show", "features_v2", "2024-12-02");
    Cli.Result unknown = Cli.in(project, "checks", "--assets", "features_v7");

    assertThat(field(candidate, "version")).containsExactly("v2", "v2", "v2");
    assertThat(field(candidate, "partition"))
        .containsExactly("2024-12-01", "2024-12-02", "2024-12-03");
    assertThat(field(candidate, "run_id")).containsOnly(Projects.runIds(project).get(0));
    show.assertExit(0);
    assertThat(show.stdout())
        .startsWith(
            "features 2024-12-02 — run "
                + Projects.runIds(project).get(0)
                + " attempt 1 (version v2)");
    unknown.assertExit(2);
    assertThat(unknown.stderr())
        .isEqualTo(
            "error: Asset 'features' has no version v7: `partita versions features` lists its versions\n");
  }
}
