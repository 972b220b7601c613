package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partition that published 0 rows is succeeded, but shown as empty, not as plain succeeded. */
class EmptyPartitionTest {
  @TempDir Path temp;

  @Test
  void emptyPartitionIsShownDistinctly() {
    Path project = Projects.init(temp.resolve("shop"));
    // The sample data ends 2025-01-31: 2025-02-05 publishes no rows.
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
    Cli.in(project, "backfill", "--partitions", "2025-02-05").assertExit(0);

    String grid = Cli.in(project, "status").assertExit(0).stdout();
    JsonNode json = Cli.json(project, "status");

    assertThat(grid)
        // features reads D-2..D: raw and staging 2025-02-03..05 are built too, all empty.
        .containsPattern(
            "(?m)^raw_events +\\.+000  \\S+\\.\\.2025-02-05  4 succeeded, 63 missing \\(3 empty\\); 62 rows$")
        .containsPattern("(?m)^features +\\.+0  .* 2 succeeded, 65 missing \\(1 empty\\); 20 rows$")
        .contains("0 empty (succeeded, 0 rows)");
    JsonNode raw = json.get("assets").get(0);
    assertThat(raw.get("name").asText()).isEqualTo("raw_events");
    JsonNode first = cell(raw, "2024-12-01");
    JsonNode empty = cell(raw, "2025-02-05");
    assertThat(first.get("status").asText()).isEqualTo("succeeded");
    assertThat(first.get("empty").asBoolean()).isFalse();
    assertThat(first.get("rows").asLong()).isPositive();
    assertThat(empty.get("status").asText()).isEqualTo("succeeded");
    assertThat(empty.get("rows").asLong()).isZero();
    assertThat(empty.get("empty").asBoolean()).isTrue();
  }

  private static JsonNode cell(JsonNode asset, String partition) {
    for (JsonNode cell : asset.get("partitions")) {
      if (cell.get("partition").asText().equals(partition)) {
        return cell;
      }
    }
    throw new AssertionError("no cell " + partition + " in " + asset);
  }
}
