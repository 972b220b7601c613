package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadRunsTest {
  private static final ExecutionSettings SETTINGS = ExecutionSettings.DEFAULT;

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() {
    project = TestProject.threeLayers(dir);
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void ownerOnOtherHostUsesHeartbeatTimeout() {
    Instant beat = Instant.parse("2030-01-01T00:00:00Z");
    RunRecord run = running(Owner.of("elsewhere.invalid", 1, Optional.of(beat)), beat);

    DeadRuns before = at(beat.plus(SETTINGS.staleAfter()));
    DeadRuns after = at(beat.plus(SETTINGS.staleAfter()).plusMillis(1));

    assertThat(before.shownStatus(run)).isEqualTo(RunStatus.RUNNING);
    assertThat(after.shownStatus(run)).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(after.interruptLocal())
        .as("another host's process is judged by time only")
        .isEmpty();
    assertThat(project.runs().find(run.id()).status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void ownerWithReusedPidIsDeadAtOnceAndRecordedInterrupted() {
    ProcessHandle self = ProcessHandle.current();
    Instant started = self.info().startInstant().orElseThrow();
    Instant beat = Instant.now();
    RunRecord run =
        running(Owner.of(Owner.host(), self.pid(), Optional.of(started.minusSeconds(3600))), beat);
    DeadRuns now = at(beat);

    assertThat(now.shownStatus(run)).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(now.interruptLocal()).containsExactly(run.id());
    RunRecord stored = project.runs().find(run.id());
    assertThat(stored.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(stored.owner()).isEmpty();
    assertThat(now.interruptLocal()).isEmpty();
  }

  @Test
  void liveLocalOwnerIsRunning() {
    Instant beat = Instant.now();
    RunRecord run = running(Owner.current(), beat);
    DeadRuns now = at(beat);

    assertThat(now.shownStatus(run)).isEqualTo(RunStatus.RUNNING);
    assertThat(now.interruptLocal()).isEmpty();
  }

  private RunRecord running(String owner, Instant beat) {
    RunRecord run = project.create(TestProject.request("", "2025-01-01..2025-01-02", 1));
    assertThat(project.state.runs().claim(run.id(), owner, beat, beat)).isTrue();
    assertThat(project.state.runs().transition(run.id(), RunStatus.QUEUED, RunStatus.RUNNING, beat))
        .isTrue();
    return project.runs().find(run.id());
  }

  private DeadRuns at(Instant now) {
    return new DeadRuns(project.state, Clock.fixed(now, ZoneOffset.UTC), SETTINGS);
  }
}
