package io.partita.cli;

import io.partita.PartitaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create a project from a template with safe defaults.")
final class InitCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "DIR",
      arity = "0..1",
      description = "Where to create it; without DIR the current directory, which must be empty.")
  Path dir;

  @Option(
      names = "--template",
      paramLabel = "NAME",
      defaultValue = "basic",
      description =
          "Template: basic (default) or late-events (D+2 watermark, 3-day lookback, merge).")
  String template;

  @Option(
      names = "--force",
      description =
          "Overwrite files of the template that already exist (README.md, .gitignore, ...).")
  boolean force;

  @Override
  public Integer call() {
    if (!template.equals("basic") && !template.equals("late-events")) {
      throw PartitaException.user("Unknown template '%s': available: basic, late-events", template);
    }
    Path target = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
    if (dir == null && !force) {
      requireEmpty(target);
    }
    String name =
        target.getFileName() == null
            ? "pipeline"
            : target.getFileName().toString().replaceAll("[^A-Za-z0-9_]", "_");
    Map<String, String> files =
        template.equals("late-events")
            ? LateEventsTemplate.files(name)
            : ProjectTemplate.files(name);
    ProjectTemplate.write(target, files, force);
    System.out.printf("Created project '%s' in %s%n", name, target);
    String next = "partita backfill --partitions 2024-12-01..2024-12-07";
    System.out.printf("Next: %s%n", dir == null ? next : "cd " + dir + " && " + next);
    return 0;
  }

  /** Without DIR, init only takes the current directory if it is empty (not a home or /tmp). */
  private static void requireEmpty(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      if (entries.findAny().isPresent()) {
        throw PartitaException.user(
            "The current directory %s is not empty: pass a DIR (partita init my-project) or run"
                + " init in an empty directory",
            directory);
      }
    } catch (IOException e) {
      throw PartitaException.user(
          "Cannot read the current directory %s (%s): pass a DIR", directory, e.getMessage());
    }
  }
}
