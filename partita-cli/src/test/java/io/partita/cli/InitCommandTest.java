package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path temp;

  @Test
  void initWritesAProjectWithSafeDefaultsAndItsOwnReadme() {
    Path dir = temp.resolve("my-project");

    Cli.Result result = Cli.run("init", dir.toString()).assertExit(0);

    assertThat(result.stdout()).contains("Created project 'my_project'").contains(dir.toString());
    String yaml = Projects.read(dir.resolve("partita.yaml"));
    assertThat(yaml)
        .contains("name: my_project")
        .containsPattern("concurrency: 2\\b")
        .containsPattern("retries: 2\\b")
        .contains("write_mode: overwrite")
        .contains("catchup: false");
    assertThat(dir.resolve("README.md")).isRegularFile();
    assertThat(Projects.read(dir.resolve("README.md")))
        .contains("# my_project")
        .contains("partita backfill");
    assertThat(dir.resolve("models/raw_events.sql")).isRegularFile();
    assertThat(dir.resolve("data/events.csv")).isRegularFile();
    // The new project is valid as written: planning it works.
    Cli.in(dir, "plan", "--partitions", "2024-12-01").assertExit(0);
  }

  @Test
  void initRefusesADirectoryThatAlreadyHasAProject() throws Exception {
    Path dir = Projects.init(temp.resolve("existing"));
    Projects.write(dir.resolve("partita.yaml"), "name: mine\n");

    Cli.Result result = Cli.run("init", dir.toString()).assertExit(2);

    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("already has a partita.yaml")
        .contains(dir.toString());
    assertThat(result.stderr()).doesNotContain("\tat ");
    assertThat(Files.readString(dir.resolve("partita.yaml"))).isEqualTo("name: mine\n");
  }

  @Test
  void initRefusesToOverwriteWithoutForce() throws Exception {
    Path dir = temp.resolve("has-readme");
    Projects.write(dir.resolve("README.md"), "# my own notes\n");
    Projects.write(dir.resolve(".gitignore"), "target/\n");

    Cli.Result result = Cli.run("init", dir.toString()).assertExit(2);

    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains(dir.toString(), ".gitignore, README.md", "--force");
    assertThat(Projects.read(dir.resolve("README.md"))).isEqualTo("# my own notes\n");
    assertThat(dir.resolve("partita.yaml")).doesNotExist();
    assertThat(dir.resolve("models")).doesNotExist();
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void initWithForceOverwritesTheTemplateFiles() {
    Path dir = temp.resolve("forced");
    Projects.write(dir.resolve("README.md"), "# my own notes\n");

    Cli.run("init", dir.toString(), "--force").assertExit(0);

    assertThat(Projects.read(dir.resolve("README.md"))).contains("# forced");
    assertThat(dir.resolve("partita.yaml")).isRegularFile();
  }

  @Test
  void initWritesGitignore() {
    Path dir = Projects.init(temp.resolve("ignored"));

    assertThat(Projects.read(dir.resolve(".gitignore"))).containsPattern("(?m)^\\.partita/$");
  }

  @Test
  void initWithoutDirRequiresEmptyCurrentDirectory() throws Exception {
    Path busy = temp.resolve("busy");
    Projects.write(busy.resolve("notes.txt"), "mine\n");
    Path empty = Files.createDirectories(temp.resolve("empty_dir"));

    ProcessResult refused = initIn(busy);
    ProcessResult created = initIn(empty);

    assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.stderr().lines().filter(line -> line.startsWith("error:")))
        .singleElement()
        .asString()
        .contains("current directory", busy.toString(), "is not empty", "pass a DIR");
    try (var files = Files.list(busy)) {
      assertThat(files).containsExactly(busy.resolve("notes.txt"));
    }
    assertThat(created.exit()).as(created.toString()).isEqualTo(0);
    assertThat(created.stdout()).contains("Created project 'empty_dir' in " + empty);
    assertThat(empty.resolve("partita.yaml")).isRegularFile();
  }

  record ProcessResult(int exit, String stdout, String stderr) {}

  /**
   * {@code partita init} with no DIR, as a child process whose working directory is {@code dir}.
   */
  private ProcessResult initIn(Path dir) throws Exception {
    String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path out = Files.createTempFile(temp, "init-", ".out");
    Path err = Files.createTempFile(temp, "init-", ".err");
    Process process =
        new ProcessBuilder(
                javaBinary,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "init")
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return new ProcessResult(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
