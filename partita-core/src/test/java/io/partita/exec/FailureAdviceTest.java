package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.model.DefinitionFiles;
import io.partita.state.RunOptions;
import io.partita.state.RunSelection;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureAdviceTest {
  private static TaskRecord task(TaskStatus status, String error) {
    return TaskRecord.queued("r1", "features", "2025-02-01").withStatus(status, Optional.of(error));
  }

  @Test
  void sqlErrorsFailedChecksAndFailingCommandsAreCodeFaults() {
    assertThat(
            FailureAdvice.isCodeFault(
                task(
                    TaskStatus.FAILED,
                    "asset 'features' partition 2025-02-01 (models/features.sql): the query failed: Binder Error: Referenced column")))
        .isTrue();
    assertThat(
            FailureAdvice.isCodeFault(
                task(TaskStatus.FAILED_CHECKS, "check not_null failed: 3 null rows")))
        .isTrue();
    assertThat(
            FailureAdvice.isCodeFault(
                task(
                    TaskStatus.FAILED,
                    "asset 'raw' partition 2025-02-01: command [python3, load.py] exited with 1; last stderr lines:")))
        .isTrue();
  }

  @Test
  void warehouseOutagesAndKilledProcessesAreTransient() {
    assertThat(
            FailureAdvice.isCodeFault(
                task(
                    TaskStatus.FAILED,
                    "injected warehouse outage until 2025-02-01T00:00:00Z (stage)")))
        .isFalse();
    assertThat(
            FailureAdvice.isCodeFault(
                task(
                    TaskStatus.FAILED,
                    "asset 'raw' partition 2025-02-01: command [load.sh] exited with 137; last stderr lines:")))
        .isFalse();
    assertThat(FailureAdvice.isCodeFault(task(TaskStatus.FAILED, "IO Error: could not write file")))
        .isFalse();
    assertThat(
            FailureAdvice.isCodeFault(task(TaskStatus.UPSTREAM_FAILED, "upstream staging failed")))
        .isFalse();
  }

  @Test
  void reprocessCommandRepeatsTheRunsSelectionAndVersion() {
    RunOptions options =
        new RunOptions(
            new RunSelection("+features", "2025-02-01..2025-02-28", "all", "features_v2"),
            2,
            "asc");
    assertThat(FailureAdvice.reprocessCommand(options))
        .isEqualTo(
            "partita backfill --reprocess failed --partitions 2025-02-01..2025-02-28 --assets +features --target features_v2");
    RunOptions all = new RunOptions(new RunSelection("", "2025-02-01", "all", "v3"), 2, "asc");
    assertThat(FailureAdvice.reprocessCommand(all))
        .isEqualTo("partita backfill --reprocess failed --partitions 2025-02-01 --version v3");
  }

  @Test
  void changedFilesListsEditedAddedAndRemovedFilesSorted() {
    DefinitionFiles snapshot =
        new DefinitionFiles(
            Map.of("partita.yaml", "a", "models/b.sql", "old", "models/gone.sql", "x"));
    DefinitionFiles current =
        new DefinitionFiles(
            Map.of("partita.yaml", "a", "models/b.sql", "new", "models/added.sql", "y"));

    assertThat(FailureAdvice.changedFiles(snapshot, current))
        .containsExactly("models/added.sql", "models/b.sql", "models/gone.sql");
    assertThat(FailureAdvice.changedFiles(snapshot, snapshot)).isEmpty();
  }
}
