package io.partita.publish;

import io.partita.PartitaException;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.config.TemplateContext;
import io.partita.engine.command.CommandRunner;
import io.partita.engine.command.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command of a command asset, run for one attempt from the run's snapshot, writing its output
 * file into the scratch directory for staging.
 */
final class CommandStep {
  private final Pipeline pipeline;
  private final SqlTemplates templates;
  private final Path snapshotDir;
  private final Path scratchDir;
  private final CommandRunner commands = new CommandRunner();

  CommandStep(Pipeline pipeline, SqlTemplates templates, Path snapshotDir, Path scratchDir) {
    this.pipeline = pipeline;
    this.templates = templates;
    this.snapshotDir = snapshotDir;
    this.scratchDir = scratchDir;
  }

  /** Where the attempt's command writes its output: a name of its own, per attempt. */
  Path output(TaskAttempt attempt) {
    AssetDefinition asset = attempt.asset();
    return scratchDir.resolve(
        attempt.runId()
            + "/"
            + asset.name()
            + "__"
            + attempt.partition().key().replace(':', '_')
            + "__"
            + attempt.attempt()
            + "."
            + asset.output().extension());
  }

  void run(TaskAttempt attempt, TemplateContext context, Path output) {
    AssetDefinition asset = attempt.asset();
    List<String> rendered;
    try {
      rendered = templates.renderArguments(asset.command(), context);
    } catch (PartitaException e) {
      throw TaskRunner.renderFailure(attempt, e);
    }
    List<String> argv = new ArrayList<>();
    for (String argument : rendered) {
      // Point file arguments at the snapshot's copy: a run never executes an edited script.
      argv.add(
          pipeline.files().files().containsKey(argument)
              ? snapshotDir.resolve(argument).toString()
              : argument);
    }
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PARTITA_START", attempt.partition().start().toString());
    environment.put("PARTITA_END", attempt.partition().end().toString());
    environment.put("PARTITA_PARTITION", attempt.partition().key());
    environment.put("PARTITA_OUTPUT", output.toString());
    environment.put("PARTITA_RUN_ID", attempt.runId());
    environment.put("PARTITA_ASSET", asset.name());
    environment.put("PARTITA_PROJECT_DIR", pipeline.projectDir().toString());
    try {
      Files.createDirectories(output.getParent());
      Files.deleteIfExists(output);
    } catch (IOException e) {
      throw PartitaException.internal("Cannot prepare " + output, e);
    }
    commands.run(
        new CommandSpec(
            argv,
            environment,
            pipeline.projectDir(),
            output,
            asset.name(),
            attempt.partition().key()),
        attempt.cancellation());
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A leftover scratch file is harmless; the next attempt writes a new name.
    }
  }
}
