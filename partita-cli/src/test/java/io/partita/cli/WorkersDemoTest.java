package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code partita demo --workers 3} end to end, as a user runs it (a child JVM that starts its own
 * embedded PostgreSQL and three worker processes): the output's claims hold.
 */
class WorkersDemoTest {
  @TempDir Path temp;

  @Test
  void threeWorkersShareTheRunOneIsKilledAndEveryPartitionIsPublishedOnce() throws Exception {
    try (ChildCli demo = ChildCli.start(temp.resolve("logs"), "demo", "--workers", "3")) {
      int exit = demo.await(300);
      String output = demo.output();
      assertThat(exit).as("%s", output).isZero();

      assertThat(output).contains("3 workers live after");
      Matcher killed =
          Pattern.compile(
                  "kill -9 (w[123]) \\(pid \\d+\\) at \\d+/93 tasks done, while it ran: \\S+")
              .matcher(output);
      assertThat(killed.find()).as("%s", output).isTrue();
      String victim = killed.group(1);
      assertThat(output).contains(victim + " declared dead by a live worker");
      // Every worker took tasks: the last progress line counts each one's claims.
      List<String> progress = output.lines().filter(line -> line.contains("/93 done")).toList();
      String last = progress.get(progress.size() - 1);
      assertThat(last).as("%s", output).contains("93/93 done");
      for (String worker : List.of("w1", "w2", "w3")) {
        Matcher taken = Pattern.compile(worker + " (\\d+)").matcher(last);
        assertThat(taken.find()).as("%s", last).isTrue();
        assertThat(Integer.parseInt(taken.group(1)))
            .as("%s took tasks: %s", worker, last)
            .isPositive();
      }
      assertThat(output).contains("succeeded;");
      // The survivors stop cleanly on SIGTERM; the victim is reported killed.
      for (String worker : List.of("w1", "w2", "w3")) {
        String row =
            output
                .lines()
                .filter(line -> line.matches("   " + worker + " +\\d+ +\\d+ .*"))
                .findFirst()
                .orElseThrow();
        assertThat(row).endsWith(worker.equals(victim) ? "killed with kill -9" : "SIGTERM, exit 0");
      }
      // Exactly once: 31 partitions per asset, each published once, rows agree, no key twice.
      for (String asset : List.of("raw_events", "staging_events", "features")) {
        String row =
            output
                .lines()
                .filter(line -> line.startsWith("   " + asset + " "))
                .findFirst()
                .orElseThrow();
        assertThat(row.trim().split("\\s+"))
            .as("%s", row)
            .containsExactly(asset, "31", "31", "0", rows(asset), rows(asset), "0", "ok");
      }
      assertThat(output)
          .contains(
              "Verdict: every one of the 93 partitions was published exactly once, no key twice,"
                  + " although "
                  + victim
                  + " was killed mid-run.");
      // The server and its folder are gone.
      Matcher folder =
          Pattern.compile("the PostgreSQL server is stopped and (\\S+) deleted").matcher(output);
      assertThat(folder.find()).as("%s", output).isTrue();
      assertThat(Files.exists(Path.of(folder.group(1)))).isFalse();
    }
  }

  private static String rows(String asset) {
    return asset.equals("features") ? "310" : "620";
  }
}
