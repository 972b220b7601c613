package io.partita.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.engine.EngineException;
import io.partita.engine.duckdb.DuckDbEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultyEngineTest {
  @TempDir Path dir;

  @Test
  void failsEveryStatementWithARetryableErrorOnlyDuringTheOutage() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    MutableClock clock = new MutableClock(now);
    try (FaultyEngine engine =
        new FaultyEngine(DuckDbEngine.open(dir.resolve("w.duckdb"), dir), clock)) {
      engine.outage(now.plusSeconds(10), now.plusSeconds(20));
      assertThat(engine.query("select 1", 1).rows()).hasSize(1);

      clock.now = now.plusSeconds(10);
      assertThatThrownBy(() -> engine.query("select 1", 1))
          .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessage("injected warehouse outage until 2025-01-01T00:00:20Z (query)");
      assertThatThrownBy(() -> engine.wasPublished("r", "a", "p"))
          .isInstanceOf(EngineException.class);

      clock.now = now.plusSeconds(20);
      assertThat(engine.query("select 1", 1).rows()).hasSize(1);
      assertThat(engine.injectedFailures()).isEqualTo(2);
    }
  }

  /** A clock moved by hand. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
