package io.partita.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Create a project from a template with safe defaults.")
final class InitCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", defaultValue = ".", description = "Where to create it (default: the current directory).")
  Path dir;

  @Option(names = "--template", paramLabel = "NAME", defaultValue = "basic", description = "Template: basic (default) or late-events (D+2 watermark, 3-day lookback, merge).")
  String template;

  @Override
  public Integer call() {
    if (!template.equals("basic") && !template.equals("late-events")) {
      throw io.partita.PartitaException.user("Unknown template '%s': available: basic, late-events", template);
    }
    Path target = dir.toAbsolutePath().normalize();
    String name = target.getFileName() == null ? "pipeline" : target.getFileName().toString().replaceAll("[^A-Za-z0-9_]", "_");
    if (template.equals("late-events")) {
      ProjectTemplate.writeLateEvents(target, name);
    } else {
      ProjectTemplate.write(target, name);
    }
    System.out.printf("Created project '%s' in %s%n", name, target);
    System.out.printf("Next: cd %s && partita backfill --partitions 2024-12-01..2024-12-07%n", dir);
    return 0;
  }
}
