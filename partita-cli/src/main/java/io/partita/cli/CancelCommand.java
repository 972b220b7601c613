package io.partita.cli;

import picocli.CommandLine.Command;

@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a run: running tasks are stopped, nothing half-written is published.")
final class CancelCommand extends ControlCommands {
  CancelCommand() {
    super("cancel", (runs, id) -> runs.cancel(id));
  }
}
