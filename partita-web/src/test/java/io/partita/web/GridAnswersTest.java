package io.partita.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid is computed once per change, but never answers from before a change. */
class GridAnswersTest {
  @TempDir Path temp;

  @Test
  void theGridFollowsChangesCommittedByAnotherProcessAndDefinitionEdits() throws Exception {
    Path project = TestProjects.pipeline(temp.resolve("shop"));
    try (TestServer server = new TestServer(project)) {
      assertThat(server.get("/api/partitions?format=grid").json().get("columns")).isEmpty();

      try (StateStore other = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
        other.partitions().put(state("raw_events", "2024-12-01", PartitionStatus.SUCCEEDED));
        other.partitions().put(state("raw_events", "2024-12-03", PartitionStatus.FAILED));
      }
      var grid = server.get("/api/partitions?format=grid").json();
      assertThat(grid.get("columns"))
          .extracting(c -> c.asText())
          .containsExactly("2024-12-01", "2024-12-02", "2024-12-03");
      assertThat(grid.get("assets").get(0).get("states").asText()).isEqualTo("smf");
      assertThat(server.get("/api/partitions?format=grid").json()).isEqualTo(grid);

      TestProjects.write(
          project.resolve("partita.yaml"),
          java.nio.file.Files.readString(project.resolve("partita.yaml"))
              + "  extra_events:\n    sql: models/raw_events.sql\n");
      assertThat(server.get("/api/partitions?format=grid").json().get("assets"))
          .extracting(a -> a.get("name").asText())
          .contains("extra_events");
    }
  }

  private static PartitionState state(String asset, String partition, PartitionStatus status) {
    return new PartitionState(
        asset, partition, status, Optional.of(12L), "r-other", Optional.empty(), Instant.now());
  }
}
