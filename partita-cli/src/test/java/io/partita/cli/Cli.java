package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the CLI in this JVM through {@link Main#execute}, capturing what it prints. Not thread-safe:
 * System.out and System.err are process-wide, so one call at a time.
 */
final class Cli {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Cli() {}

  /** What one invocation returned and printed. */
  record Result(int exitCode, String stdout, String stderr) {
    JsonNode json() {
      try {
        return MAPPER.readTree(stdout);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "stdout is not JSON:\n" + stdout + "\nstderr:\n" + stderr, e);
      }
    }

    /** Lines of stderr that start with {@code error:}. */
    List<String> errorLines() {
      return stderr.lines().filter(line -> line.startsWith("error:")).toList();
    }

    Result assertExit(int expected) {
      assertThat(exitCode)
          .as("exit code; stdout:%n%s%nstderr:%n%s", stdout, stderr)
          .isEqualTo(expected);
      return this;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  static synchronized Result run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      exitCode = Main.execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new Result(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code run(command..., "--project", project)}. */
  static Result in(Path project, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--project");
    all.add(project.toString());
    return run(all.toArray(String[]::new));
  }

  /** Runs a command that must succeed and print JSON; returns the parsed output. */
  static JsonNode json(Path project, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--json");
    return in(project, all.toArray(String[]::new)).assertExit(0).json();
  }
}
