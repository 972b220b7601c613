package io.partita.cli;

import picocli.CommandLine.Command;

@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Pause a run after its running tasks finish; `resume` continues it.")
final class PauseCommand extends ControlCommands {
  PauseCommand() {
    super("pause", (runs, id) -> runs.pause(id));
  }
}
