package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.PartitaException;
import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.model.WriteMode;
import io.partita.publish.ChecksFailedException;
import io.partita.publish.TaskOutput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskOutcomeTest {
  @Test
  void failedChecksAreTheirOwnOutcomeAndKeepTheMessage() {
    TaskOutcome outcome =
        TaskOutcome.of(new ChecksFailedException("check not_null failed", "quarantine_t"));

    assertThat(outcome).isEqualTo(new TaskOutcome.FailedChecks("check not_null failed"));
  }

  @Test
  void engineFailuresKeepWhetherARetryCanHelp() {
    assertThat(TaskOutcome.of(new EngineException("lock held", true, null)))
        .isEqualTo(new TaskOutcome.Failed("lock held", true));
    assertThat(TaskOutcome.of(new EngineException("bad template", false, null)))
        .isEqualTo(new TaskOutcome.Failed("bad template", false));
  }

  @Test
  void anyOtherFailureIsRetryableAndAFailureWithoutMessageNamesItsType() {
    assertThat(TaskOutcome.of(PartitaException.internal("disk hiccup", null)))
        .isEqualTo(new TaskOutcome.Failed("disk hiccup", true));
    assertThat(TaskOutcome.of(new IllegalStateException()))
        .isEqualTo(new TaskOutcome.Failed("java.lang.IllegalStateException", true));
  }

  @Test
  void aSuccessIsHeldBackOnlyWhenTheRunDefersItsPublish() {
    PublishRequest publish = new PublishRequest(WriteMode.OVERWRITE, List.of());
    TaskOutcome.Succeeded published =
        (TaskOutcome.Succeeded)
            TaskOutcome.of(new TaskOutput(7, Optional.empty(), publish, Map.of()));

    assertThat(published.heldBack()).isFalse();
    assertThat(published.output().rows()).isEqualTo(7);
  }
}
