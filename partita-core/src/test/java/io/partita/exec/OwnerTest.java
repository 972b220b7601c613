package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnerTest {
  private final ProcessHandle self = ProcessHandle.current();
  private final Instant started = self.info().startInstant().orElseThrow();

  @Test
  void currentProcessRecordsHostPidAndStartTime() {
    assertThat(Owner.current())
        .isEqualTo(Owner.host() + ":" + self.pid() + ":" + started.toEpochMilli());
    assertThat(Owner.pid(Owner.current())).hasValue(self.pid());
    assertThat(Owner.isDeadLocalProcess(Owner.current())).isFalse();
  }

  @Test
  void ownerWithReusedPidIsDead() {
    String earlier =
        Owner.of(Owner.host(), self.pid(), Optional.of(started.minus(Duration.ofMinutes(5))));
    String later =
        Owner.of(Owner.host(), self.pid(), Optional.of(started.plus(Duration.ofMinutes(5))));

    assertThat(Owner.isDeadLocalProcess(earlier)).isTrue();
    assertThat(Owner.isDeadLocalProcess(later)).isTrue();
  }

  @Test
  void ownerWhosePidIsGoneIsDead() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();

    assertThat(Owner.isDeadLocalProcess(Owner.of(Owner.host(), process.pid(), Optional.empty())))
        .isTrue();
    assertThat(Owner.isDeadLocalProcess(Owner.host() + ":" + process.pid()))
        .as("format without start time")
        .isTrue();
  }

  @Test
  void ownerOnOtherHostIsNeverDeadByPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();

    assertThat(
            Owner.isDeadLocalProcess(
                Owner.of("elsewhere.invalid", process.pid(), Optional.of(started))))
        .isFalse();
    assertThat(Owner.isDeadLocalProcess("not an owner")).isFalse();
  }
}
