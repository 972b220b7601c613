package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@code bad-input/corpus.json}): broken configs, ranges and commands, each
 * with its expected exit code and message fragments. Every case runs on its own copy of a project
 * that has one run; the error must be one {@code error:} line without a stack trace.
 */
class BadInputCorpusTest {
  @TempDir static Path temp;
  static Path pristine;

  /**
   * One entry: {@code edit} is {@code {file, from, to}} (exact replacement), {@code {file, write}}
   * (new content) or {@code {delete}}; {@code project: false} for commands without --project. See
   * {@link #withServers} for the placeholder of a PostgreSQL warehouse.
   */
  record Case(
      String name,
      JsonNode edit,
      List<String> args,
      boolean project,
      int exit,
      List<String> fragments) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void projectWithOneRun() {
    pristine = Projects.init(temp.resolve("pristine"));
    Cli.in(pristine, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);
  }

  static Stream<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (Path file : corpusFiles()) {
      for (JsonNode node : Cli.MAPPER.readTree(file.toFile())) {
        List<String> args = new ArrayList<>();
        node.get("args").forEach(arg -> args.add(arg.asText()));
        List<String> fragments = new ArrayList<>();
        node.get("fragments").forEach(fragment -> fragments.add(fragment.asText()));
        cases.add(
            new Case(
                node.get("name").asText(),
                node.get("edit"),
                args,
                !node.has("project") || node.get("project").asBoolean(),
                node.get("exit").asInt(),
                fragments));
      }
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
    return cases.stream();
  }

  /** Every {@code bad-input/*.json} file: one per topic, so cases are added without conflicts. */
  private static List<Path> corpusFiles() throws IOException {
    try {
      Path directory = Path.of(BadInputCorpusTest.class.getResource("/bad-input").toURI());
      try (Stream<Path> files = Files.list(directory)) {
        return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
      }
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badInputExitsWithItsCodeAndNamesTheProblem(Case badInput) {
    Path project = temp.resolve(badInput.name().replaceAll("[^A-Za-z0-9]+", "_"));
    Projects.copy(pristine, project);
    apply(project, badInput.edit());

    Cli.Result result =
        badInput.project()
            ? Cli.in(project, badInput.args().toArray(String[]::new))
            : Cli.run(badInput.args().toArray(String[]::new));

    result.assertExit(badInput.exit());
    if (badInput.exit() == 2) {
      assertThat(result.errorLines()).as("%s", result).hasSize(1);
      assertThat(result.errorLines().get(0)).as("%s", result).contains(badInput.fragments());
    } else {
      // A failed run reports the failing task in its summary, not as an error line.
      assertThat(result.stdout() + result.stderr()).as("%s", result).contains(badInput.fragments());
    }
    assertThat(result.stderr()).as("%s", result).doesNotContain("\tat ");
  }

  /**
   * {@code ${POSTGRES_WAREHOUSE}} in an edit stands for the {@code postgresql://} URL of a fresh
   * database on a real PostgreSQL, started only for the cases that use it.
   */
  private static String withServers(String text) {
    return text.contains("${POSTGRES_WAREHOUSE}")
        ? text.replace("${POSTGRES_WAREHOUSE}", CliPostgres.freshWarehouseUrl())
        : text;
  }

  private static void apply(Path project, JsonNode edit) {
    if (edit == null) {
      return;
    }
    try {
      if (edit.has("delete")) {
        Files.delete(project.resolve(edit.get("delete").asText()));
      } else if (edit.has("write")) {
        Files.writeString(
            project.resolve(edit.get("file").asText()), withServers(edit.get("write").asText()));
      } else {
        Projects.edit(
            project.resolve(edit.get("file").asText()),
            edit.get("from").asText(),
            withServers(edit.get("to").asText()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
