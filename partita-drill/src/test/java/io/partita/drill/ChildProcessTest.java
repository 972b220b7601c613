package io.partita.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills start "the CLI" through the host's main class: this module never names the CLI. */
class ChildProcessTest {
  @TempDir Path dir;

  /** Stands in for the CLI's main class in a child JVM. */
  public static final class EchoMain {
    public static void main(String[] args) throws InterruptedException {
      System.out.println("partita " + String.join(" ", args));
      if (args.length > 0 && args[0].equals("sleep")) {
        Thread.sleep(60_000);
      }
    }
  }

  private DrillRun drillRun() {
    DrillHost host =
        new DrillHost() {
          @Override
          public String cliMainClass() {
            return EchoMain.class.getName();
          }
        };
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new DrillRun("kill", dir, true, "2024-12-01..2024-12-02", 5, out, host);
  }

  @Test
  void startCliRunsTheHostsMainClassWithTheArgumentsAndLogsItsOutput() throws Exception {
    try (ChildProcess child = drillRun().startCli(dir.resolve("logs"), "backfill", "--dry-run")) {
      assertThat(child.await(60)).isZero();
      assertThat(child.output()).isEqualTo("partita backfill --dry-run\n");
    }
    assertThat(dir.resolve("logs")).isDirectoryContaining("glob:**/child-*.log");
  }

  @Test
  void killEndsTheChildWithSigkill() throws Exception {
    try (ChildProcess child = drillRun().startCli(dir.resolve("logs"), "sleep")) {
      assertThat(child.await(0.2)).isEqualTo(-1);
      assertThat(child.isAlive()).isTrue();

      assertThat(child.kill()).isEqualTo(137);
      assertThat(child.isAlive()).isFalse();
    }
  }
}
