package io.partita.cli;

import io.partita.drill.DrillHost;

/** Drills start this CLI as a child. */
final class CliDrillHost implements DrillHost {
  @Override
  public String cliMainClass() {
    return Main.class.getName();
  }
}
