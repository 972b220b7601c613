package io.partita.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DrillsTest {
  @Test
  void everyListedNameIsADrill() {
    assertThat(Drills.NAMES)
        .containsExactly("kill", "engine-outage", "bad-data", "late-data", "state-locked");
    for (String name : Drills.NAMES) {
      assertThat(Drills.named(name)).as(name).isNotNull();
    }
  }

  @Test
  void anUnknownDrillIsAUserErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> Drills.named("kil"))
        .isInstanceOfSatisfying(
            PartitaException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessage(
            "Unknown drill 'kil': choose from kill, engine-outage, bad-data, late-data,"
                + " state-locked");
  }

  @Test
  void aDrillRunPrintsItsHeaderStepsAndVerdictAsTimestampedLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    DrillRun run =
        new DrillRun("kill", Path.of("/tmp/copy"), true, "2024-12-01..2024-12-02", 5, out, null);

    run.header("the demo project");
    run.injected("SIGKILL of process %d", 42);
    run.verdict(true);

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .hasSize(3)
        .satisfies(
            lines -> {
              assertThat(lines.get(0))
                  .isEqualTo(
                      "drill kill on a copy of the demo project (/tmp/copy), partitions"
                          + " 2024-12-01..2024-12-02");
              assertThat(lines.get(1))
                  .matches("\\[ *\\d+\\.\\d\\d s\\] INJECTED  SIGKILL of process 42");
              assertThat(lines.get(2)).matches("\\[ *\\d+\\.\\d\\d s\\] verdict   PASS");
            });
  }
}
