package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input: exit 2, one {@code error:} line that names the file, line, asset or partition at
 * fault, no stack trace, and nothing written. Each case runs on a copy of a project that already
 * has one run, so "nothing written" means: same runs, same warehouse.
 */
class BadInputTest {
  @TempDir static Path temp;
  static Path pristine;
  static List<String> pristineRuns;
  static String pristineWarehouse;

  @BeforeAll
  static void projectWithOneRun() {
    pristine = Projects.init(temp.resolve("pristine"));
    Cli.in(pristine, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);
    pristineRuns = Projects.runIds(pristine);
    pristineWarehouse = Projects.warehouseFingerprint(pristine);
  }

  /**
   * One bad input: an edit of the project (may do nothing), the command, what the error must say.
   */
  record Case(String name, Consumer<Path> edit, List<String> args, List<String> fragments) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case yaml(String name, String from, String to, String... fragments) {
    return new Case(
        name,
        dir -> Projects.edit(dir.resolve("partita.yaml"), from, to),
        BACKFILL,
        List.of(fragments));
  }

  static Case args(String name, List<String> args, String... fragments) {
    return new Case(name, dir -> {}, args, List.of(fragments));
  }

  static final List<String> BACKFILL =
      List.of("backfill", "--partitions", "2024-12-03..2024-12-04");

  static List<String> backfill(String... extra) {
    List<String> all = new ArrayList<>(List.of("backfill"));
    all.addAll(List.of(extra));
    return all;
  }

  static Stream<Case> cases() {
    return Stream.of(
        yaml(
            "malformed YAML",
            "partitions: {grain: day, start: 2024-12-01, timezone: UTC}",
            "partitions: {grain: day, start: 2024-12-01, timezone: UTC",
            "partita.yaml:",
            "malformed YAML"),
        yaml(
            "unknown key",
            "    arrival_column: ingested_at",
            "    arival_column: ingested_at",
            "partita.yaml:19:5",
            "arival_column",
            "did you mean 'arrival_column'"),
        new Case(
            "missing SQL file",
            dir -> delete(dir.resolve("models/staging_events.sql")),
            BACKFILL,
            List.of(
                "partita.yaml:21:10",
                "asset 'staging_events'",
                "models/staging_events.sql not found")),
        new Case(
            "ref to unknown asset",
            dir ->
                Projects.edit(
                    dir.resolve("models/features.sql"),
                    "ref('staging_events')",
                    "ref('staging_event')"),
            BACKFILL,
            List.of(
                "models/features.sql:",
                "unknown asset 'staging_event'",
                "did you mean 'staging_events'")),
        yaml(
            "dependency cycle",
            "    arrival_column: ingested_at",
            "    arrival_column: ingested_at\n    depends_on: [features]",
            "Dependency cycle: ",
            "raw_events -> staging_events -> features -> raw_events"),
        yaml(
            "merge without unique_key in partita.yaml",
            "    unique_key: [entity_id, date]\n",
            "",
            "partita.yaml:",
            "asset 'features' uses write_mode merge but has no unique_key"),
        args(
            "range with end before start",
            backfill("--partitions", "2024-12-05..2024-12-01"),
            "2024-12-05..2024-12-01"),
        args(
            "key not aligned to the grain",
            backfill("--partitions", "2025-03-01T05"),
            "2025-03-01T05",
            "day"),
        args(
            "range before partitions.start",
            backfill("--partitions", "2024-11-01..2024-11-03"),
            "2024-11-01",
            "partitions.start 2024-12-01"),
        args(
            "max parallel 0",
            backfill("--partitions", "2024-12-03", "--max-parallel", "0"),
            "--max-parallel",
            "at least 1"),
        args(
            "unknown write mode",
            backfill("--partitions", "2024-12-03", "--write-mode", "upsert"),
            "Unknown write mode 'upsert'",
            "overwrite or merge"),
        args(
            "merge on assets without unique_key",
            backfill(
                "--partitions", "2024-12-03", "--write-mode", "merge", "--assets", "raw_events"),
            "asset 'raw_events' has none",
            "unique_key"),
        args(
            "unknown asset in --assets",
            backfill("--partitions", "2024-12-03", "--assets", "featurs"),
            "featurs",
            "did you mean 'features'"),
        args("unknown command", List.of("backfil", "--partitions", "2024-12-03"), "backfil"),
        args("missing --partitions", backfill(), "--partitions"),
        args(
            "unknown --reprocess",
            backfill("--partitions", "2024-12-03", "--reprocess", "some"),
            "some"),
        args("unknown run", List.of("resume", "nope"), "Unknown run 'nope'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputExitsTwoWithOneErrorLineAndWritesNothing(Case badInput) {
    Path project = temp.resolve(badInput.name().replaceAll("[^a-z0-9]+", "_"));
    Projects.copy(pristine, project);
    badInput.edit().accept(project);

    Cli.Result result = Cli.in(project, badInput.args().toArray(String[]::new));

    result.assertExit(2);
    assertThat(result.errorLines()).as("%s", result).hasSize(1);
    assertThat(result.errorLines().get(0)).as("%s", result).contains(badInput.fragments());
    if (badInput.name().contains("YAML")) {
      assertThat(result.errorLines().get(0)).containsPattern("partita\\.yaml:\\d+:\\d+: ");
    }
    assertThat(result.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    // Undo the edit to look at what is stored: the same runs and the same warehouse.
    restoreDefinition(project);
    assertThat(Projects.runIds(project)).isEqualTo(pristineRuns);
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(pristineWarehouse);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandsThatNeedAProject")
  void aDirectoryWithoutPartitaYamlIsBadInputAndStaysEmpty(String command) throws Exception {
    Path empty = Files.createDirectories(temp.resolve("empty-" + command));
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of("--project", empty.toString()));

    Cli.Result result = Cli.run(args.toArray(String[]::new)).assertExit(2);

    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("No partita.yaml in " + empty)
        .contains("partita init");
    try (Stream<Path> files = Files.list(empty)) {
      assertThat(files).isEmpty();
    }
  }

  static Stream<String> commandsThatNeedAProject() {
    return Stream.of(
        "status",
        "runs",
        "backfill --partitions 2024-12-01",
        "plan --partitions 2024-12-01",
        "query select",
        "run show x",
        "resume x",
        "pause x",
        "cancel x");
  }

  private static void restoreDefinition(Path project) {
    for (String file :
        List.of("partita.yaml", "models/staging_events.sql", "models/features.sql")) {
      Projects.write(project.resolve(file), Projects.read(pristine.resolve(file)));
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
