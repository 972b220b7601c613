package io.partita.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCommitTest {
  @TempDir Path dir;

  @Test
  void emptyOutsideAGitRepository() {
    assertThat(GitCommit.detect(dir)).isEmpty();
  }

  @Test
  void emptyForADirectoryThatDoesNotExist() {
    assertThat(GitCommit.detect(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void detectsTheHeadCommitOfARepository() throws Exception {
    assumeTrue(run(dir, "git", "init", "-q") == 0, "git is installed");
    Files.writeString(dir.resolve("partita.yaml"), "name: x\n");
    run(dir, "git", "add", "partita.yaml");
    int committed =
        run(
            dir,
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-m",
            "init");
    assertThat(committed).isZero();

    assertThat(GitCommit.detect(dir))
        .hasValueSatisfying(sha -> assertThat(sha).matches("[0-9a-f]{40}"));
    assertThat(GitCommit.detect(dir.resolve("."))).isEqualTo(GitCommit.detect(dir));
  }

  @Test
  void emptyInARepositoryWithoutCommits() throws Exception {
    assumeTrue(run(dir, "git", "init", "-q") == 0, "git is installed");

    assertThat(GitCommit.detect(dir)).isEmpty();
  }

  private static int run(Path dir, String... command) throws Exception {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
