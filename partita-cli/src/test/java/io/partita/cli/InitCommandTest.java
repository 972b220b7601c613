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
    assertThat(Projects.read(dir.resolve("README.md"))).contains("# my_project").contains("partita backfill");
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

    assertThat(result.errorLines()).singleElement().asString().contains("already has a partita.yaml").contains(dir.toString());
    assertThat(result.stderr()).doesNotContain("\tat ");
    assertThat(Files.readString(dir.resolve("partita.yaml"))).isEqualTo("name: mine\n");
  }
}
