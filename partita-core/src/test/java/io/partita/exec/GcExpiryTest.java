package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.CheckRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code partita gc}: backups and quarantines expire by age; younger ones stay. */
class GcExpiryTest {
  static final String ASSETS =
      """
      readings:
        sql: models/readings.sql
        checks:
          - not_null: {columns: [amount]}
      """;

  /** The system clock shifted by an offset that the test moves by hand. */
  static final class ShiftedClock extends Clock {
    private volatile Duration offset;

    ShiftedClock(Duration offset) {
      this.offset = offset;
    }

    void shift(Duration value) {
      offset = value;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }

  @TempDir Path dir;

  @Test
  void expireRemovesBackupsAndQuarantinesOlderThanTheCutoffAndKeepsYoungerOnes() {
    ShiftedClock clock = new ShiftedClock(Duration.ofDays(-10));
    try (WapProject project = WapProject.create(dir, ASSETS, clock)) {
      // Ten days ago: build Jan 1-2, then rebuild them; Jan 1 backs up 3 rows, Jan 2 is
      // quarantined.
      project.readings(WapProject.days(1, 2, 3, 1));
      project.backfill("2025-01-01..2025-01-02");
      project.readings(WapProject.days(1, 2, 3, 2), WapProject.row(2999, 1, 2, "", 2));
      String oldQuarantine = quarantineOf(project, project.backfill("2025-01-01..2025-01-02"));
      // Now: the same again with version 3; 3 more backup rows and a second quarantine.
      clock.shift(Duration.ZERO);
      project.readings(WapProject.days(1, 2, 3, 3), WapProject.row(2999, 1, 2, "", 3));
      String youngQuarantine = quarantineOf(project, project.backfill("2025-01-01..2025-01-02"));
      assertThat(project.count("select count(*) from _partita_backup.readings__v1")).isEqualTo(6);
      assertThat(project.relationsIn("_partita_quarantine")).hasSize(2);

      long removed = project.engine.expire(clock.instant().minus(Duration.ofDays(7)));

      assertThat(removed).as("3 backup rows and 1 quarantine table").isEqualTo(4);
      assertThat(
              project.query(
                  "select version, count(*) from _partita_backup.readings__v1 group by all"))
          .as("the young backup holds the version 2 rows it replaced")
          .containsExactly(java.util.List.of(2, 3L));
      assertThat(project.relationsIn("_partita_quarantine"))
          .containsExactly(unquoted(youngQuarantine))
          .doesNotContain(unquoted(oldQuarantine));
      assertThat(project.count("select count(*) from readings where version = 3")).isEqualTo(3);
    }
  }

  static String quarantineOf(WapProject project, RunResult result) {
    return project.state.checks().forRun(result.runId()).stream()
        .map(CheckRecord::quarantine)
        .flatMap(java.util.Optional::stream)
        .findFirst()
        .orElseThrow();
  }

  static String unquoted(String relation) {
    String name = relation.substring(relation.indexOf("\".\"") + 3);
    return name.substring(0, name.length() - 1);
  }
}
