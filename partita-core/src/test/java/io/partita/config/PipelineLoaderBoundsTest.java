package io.partita.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a project may not do to Partita: name an asset like Partita's own tables, reach billions of
 * partitions through a window, or pull files from outside the project through symbolic links.
 */
class PipelineLoaderBoundsTest {
  @TempDir Path dir;
  @TempDir Path outside;

  private PartitaException loadFails() {
    Throwable thrown = catchThrowable(() -> PipelineLoader.load(dir));
    assertThat(thrown).isInstanceOf(PartitaException.class);
    PartitaException error = (PartitaException) thrown;
    assertThat(error.category()).isEqualTo(ErrorCategory.USER);
    assertThat(error.getMessage()).doesNotContain("\n");
    return error;
  }

  @Test
  void assetNameWithVersionSuffixIsRefused() {
    ProjectFiles.threeAssets(dir).config("  staging_events:\n", "  raw_events__v1:\n");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:9:3: asset name 'raw_events__v1' uses the reserved pattern '__' (double"
                + " underscore; Partita names versions x__v1 and its own tables with it): rename"
                + " it, e.g. raw_events_v1");
  }

  @Test
  void assetNameWithDoubleUnderscoreInAnyCaseIsRefused() {
    ProjectFiles.threeAssets(dir).config("  staging_events:\n", "  Staging__Events:\n");

    assertThat(loadFails().getMessage())
        .startsWith("partita.yaml:9:3: asset name 'Staging__Events' uses the reserved pattern '__'")
        .endsWith("rename it, e.g. Staging_Events");
  }

  @Test
  void assetNameWithPartitaPrefixIsRefused() {
    ProjectFiles.threeAssets(dir).config("  staging_events:\n", "  _Partita_backup:\n");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:9:3: asset name '_Partita_backup' uses the reserved prefix '_partita'"
                + " (Partita's own schemas and columns): rename it, e.g. backup_data");
  }

  @Test
  void singleUnderscoresStayAllowed() {
    ProjectFiles.threeAssets(dir)
        .config("  staging_events:\n", "  _staging_events_v1_:\n")
        .write(
            "models/features.sql", "select entity_id, date from {{ ref('_staging_events_v1_') }}")
        .write(
            "partita.yaml",
            ProjectFiles.THREE_ASSETS
                .replace("  staging_events:\n", "  _staging_events_v1_:\n")
                .replace("asset: staging_events", "asset: _staging_events_v1_"));

    assertThat(PipelineLoader.load(dir).asset("_staging_events_v1_").name())
        .isEqualTo("_staging_events_v1_");
  }

  @Test
  void hugeWindowIsRefused() {
    ProjectFiles.threeAssets(dir).config("window: [-2, 0]", "window: [-2147483648, 2147483647]");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:13:51: window offset -2147483648 is beyond the limit of 10000 partitions"
                + " either way: use an offset between -10000 and 10000, or mapping: all to read"
                + " every partition");
  }

  @Test
  void windowAtTheLimitIsAllowed() {
    ProjectFiles.threeAssets(dir).config("window: [-2, 0]", "window: [-10000, 10000]");

    assertThat(PipelineLoader.load(dir).asset("features").dependencies().get(0).mapping())
        .hasToString(new io.partita.model.PartitionMapping.Window(-10000, 10000).toString());
  }

  @Test
  void windowJustPastTheLimitIsRefused() {
    ProjectFiles.threeAssets(dir).config("window: [-2, 0]", "window: [0, 10001]");

    assertThat(loadFails().getMessage())
        .startsWith("partita.yaml:13:54: window offset 10001 is beyond the limit of 10000");
  }

  @Test
  void modelSymlinkedOutsideProjectIsRefused() throws IOException {
    ProjectFiles.threeAssets(dir);
    Path secret = Files.writeString(outside.resolve("passwd"), "root:x:0:0\n");
    Files.delete(dir.resolve("models/raw_events.sql"));
    Files.createSymbolicLink(dir.resolve("models/raw_events.sql"), secret);

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:7:10: models/raw_events.sql resolves outside the project (to "
                + secret.toRealPath()
                + "): copy the file into the project instead of linking to it");
  }

  @Test
  void modelsDirectorySymlinkedOutsideProjectIsRefused() throws IOException {
    ProjectFiles.threeAssets(dir);
    Path models = Files.createDirectories(outside.resolve("models"));
    Files.writeString(models.resolve("raw_events.sql"), "select 1\n");
    Files.move(dir.resolve("models"), dir.resolve("kept"));
    Files.createSymbolicLink(dir.resolve("models"), models);

    assertThat(loadFails().getMessage())
        .startsWith("partita.yaml:7:10: models/raw_events.sql resolves outside the project (to ")
        .contains(models.toRealPath().toString());
  }

  @Test
  void symlinkInsideProjectIsFollowed() throws IOException {
    ProjectFiles.threeAssets(dir).write("shared/raw.sql", "select 42 as event_date\n");
    Files.delete(dir.resolve("models/raw_events.sql"));
    Files.createSymbolicLink(
        dir.resolve("models/raw_events.sql"), Path.of("..", "shared", "raw.sql"));

    assertThat(PipelineLoader.load(dir).asset("raw_events").sql())
        .contains("select 42 as event_date\n");
  }

  @Test
  void projectReachedThroughASymlinkStillLoads() throws IOException {
    ProjectFiles.threeAssets(dir);
    Path link = outside.resolve("link-to-project");
    Files.createSymbolicLink(link, dir);

    assertThat(PipelineLoader.load(link).assets()).hasSize(3);
  }

  @Test
  void readTestSymlinkedOutsideProjectIsRefused() throws IOException {
    Path secret = Files.writeString(outside.resolve("secret.sql"), "select true\n");
    ProjectFiles.threeAssets(dir)
        .write(
            "partita.yaml",
            ProjectFiles.THREE_ASSETS + "    checks: [{read_test: tests/read_features.sql}]\n");
    Files.createDirectories(dir.resolve("tests"));
    Files.createSymbolicLink(dir.resolve("tests/read_features.sql"), secret);

    assertThat(loadFails().getMessage())
        .startsWith("partita.yaml:18:26: tests/read_features.sql resolves outside the project")
        .endsWith("copy the file into the project instead of linking to it");
  }

  @Test
  void commandScriptSymlinkedOutsideProjectIsRefused() throws IOException {
    Path secret = Files.writeString(outside.resolve("train.py"), "print('hi')\n");
    ProjectFiles.threeAssets(dir)
        .config(
            "    sql: models/features.sql\n",
            "    command: [python3, scripts/train.py, \"{{ start }}\"]\n");
    Files.createDirectories(dir.resolve("scripts"));
    Files.createSymbolicLink(dir.resolve("scripts/train.py"), secret);

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:12:14: command file scripts/train.py resolves outside the project (to "
                + secret.toRealPath()
                + "): copy it into the project, or write the absolute path "
                + secret.toRealPath()
                + " for a program outside the project");
  }
}
