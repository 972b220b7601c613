package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code partita rollback --run} after {@code partita gc}, through the CLI. */
class RollbackCliTest {
  @TempDir Path temp;

  @Test
  void rollbackAfterGcRemovedTheBackupsExitsTwoAndChangesNothing() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-03").assertExit(0);
    String rerun =
        Cli.in(project, "backfill", "--partitions", "2024-12-02..2024-12-03", "--json")
            .assertExit(0)
            .json()
            .get("id")
            .asText();
    Cli.in(project, "gc", "--retention", "0d").assertExit(0);
    String warehouse = Projects.warehouseFingerprint(project);
    java.util.List<String> runs = Projects.runIds(project);

    Cli.Result refused = Cli.in(project, "rollback", "--run", rerun, "--force");

    refused.assertExit(2);
    assertThat(refused.errorLines()).as("%s", refused).hasSize(1);
    assertThat(refused.errorLines().get(0))
        .contains(
            "Cannot roll back run "
                + rerun
                + ": 6 partition(s) it wrote had their backups removed by `partita gc` at",
            "features v1 2024-12-02",
            "raw_events v1 2024-12-03",
            "nothing was changed",
            "`partita backfill --assets features,raw_events,staging_events --partitions 2024-12-02,2024-12-03`");
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(warehouse);
    assertThat(Projects.runIds(project)).isEqualTo(runs);
  }
}
