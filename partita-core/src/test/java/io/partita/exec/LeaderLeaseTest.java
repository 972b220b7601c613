package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two servers on one state store: exactly one leads the schedule; the other takes over. */
class LeaderLeaseTest {
  private static final Duration TTL = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void exactlyOneServerLeadsAndTheOtherTakesOverWhenTheLeaderStopsRenewing() {
    MovableClock clock = new MovableClock(Instant.parse("2025-03-01T00:00:00Z"));
    try (StateStore first = open();
        StateStore second = open()) {
      LeaderLease one = new LeaderLease(first, LeaderLease.SCHEDULER, "host:1", clock, TTL);
      LeaderLease two = new LeaderLease(second, LeaderLease.SCHEDULER, "host:2", clock, TTL);

      assertThat(one.renew()).isTrue();
      assertThat(two.renew()).isFalse();
      clock.advance(Duration.ofSeconds(20));
      assertThat(one.renew()).isTrue();
      clock.advance(Duration.ofSeconds(20));
      assertThat(two.renew()).as("the leader renewed 20 s ago").isFalse();
      assertThat(two.leader()).contains("host:1");

      // The leader dies: nobody renews; once its lease expired the other server leads.
      clock.advance(Duration.ofSeconds(11));
      assertThat(two.renew()).isTrue();
      assertThat(one.renew()).isFalse();
      assertThat(one.leads()).isFalse();
      assertThat(one.leader()).contains("host:2");
    }
  }

  @Test
  void aLeaderThatStopsCleanlyHandsOverAtOnce() {
    MovableClock clock = new MovableClock(Instant.parse("2025-03-01T00:00:00Z"));
    try (StateStore first = open();
        StateStore second = open()) {
      LeaderLease one = new LeaderLease(first, LeaderLease.SCHEDULER, "host:1", clock, TTL);
      LeaderLease two = new LeaderLease(second, LeaderLease.SCHEDULER, "host:2", clock, TTL);
      assertThat(one.renew()).isTrue();

      one.release();

      assertThat(two.renew()).isTrue();
      assertThat(one.leads()).isFalse();
    }
  }

  private StateStore open() {
    return SqliteStateStore.open(dir.resolve(".partita/state.db"));
  }

  private static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration by) {
      now.updateAndGet(at -> at.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
