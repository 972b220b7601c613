package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Drills on the demo project: each ends with a PASS verdict backed by evidence lines. */
class DrillCommandTest {
  @Test
  void badDataIsBlockedByChecksKeepsThePublishedRowsAndQuarantinesTheBadOnes() {
    Cli.Result result = Cli.run("drill", "bad-data").assertExit(0);

    assertThat(result.stdout())
        .contains(
            "INJECTED  raw_events's model now also emits 3 duplicated rows and 2 rows with null"
                + " event_id")
        .contains("task raw_events 2025-01-31: failed_checks")
        .contains("content fingerprint unchanged")
        .contains("2 with null event_id, 3 duplicate keys")
        .containsPattern("verdict +PASS");
  }

  @Test
  void lateDataIsPickedUpByTheLookbackWithoutDoubleCounting() {
    Cli.Result result = Cli.run("drill", "late-data").assertExit(0);

    assertThat(result.stdout())
        .contains("raw_events 2024-12-05: 66 rows before, 70 after (+4 late)")
        .contains("before [9, 6, 5, 5], after [13, 10, 9, 5]")
        .contains("features: 200 rows, duplicate keys [entity_id, date] = 0")
        .containsPattern("verdict +PASS");
  }

  @Test
  void aShortEngineOutageIsAbsorbedByRetries() {
    Cli.Result result = Cli.run("drill", "engine-outage", "--outage", "1").assertExit(0);

    assertThat(result.stdout())
        .contains("INJECTED  every warehouse statement fails for 1.0 s")
        .contains("186/186 tasks succeeded")
        .contains("0 published more than once")
        .containsPattern("verdict +PASS");
  }
}
