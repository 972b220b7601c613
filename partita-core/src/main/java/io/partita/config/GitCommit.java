package io.partita.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The git commit a project is checked out at, recorded with each definition snapshot. */
public final class GitCommit {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
  private static final long TIMEOUT_SECONDS = 10;

  private GitCommit() {}

  /**
   * {@code git -C projectDir rev-parse HEAD}, started without a shell. Empty when the directory is
   * not in a git repository, has no commit yet, or git is not installed. Never throws.
   */
  public static Optional<String> detect(Path projectDir) {
    Process process = null;
    try {
      process =
          new ProcessBuilder(
                  "git", "-C", projectDir.toAbsolutePath().toString(), "rev-parse", "HEAD")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      process.getOutputStream().close(); // git reads nothing; never let it wait on stdin
      String output;
      try (InputStream stdout = process.getInputStream()) {
        output = new String(stdout.readNBytes(4096), StandardCharsets.UTF_8).strip();
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      return SHA.matcher(output).matches() ? Optional.of(output) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
