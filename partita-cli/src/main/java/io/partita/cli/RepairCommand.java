package io.partita.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.engine.Engine;
import io.partita.json.JsonOutput;
import io.partita.pairing.Pairing;
import io.partita.pairing.PairingCheck;
import io.partita.pairing.PairingRepair;
import io.partita.project.ProjectContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Bring the state store and the warehouse back in step after one was lost or replaced.",
      "`status` says when they are out of step; backfill, tick and resume refuse to run until then.",
      "Example: partita repair --from-warehouse"
    })
final class RepairCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Direction direction;

  static final class Direction {
    @Option(
        names = "--from-warehouse",
        required = true,
        description =
            "The warehouse is the truth: rebuild partition states (status, rows, run) from its publish log."
                + " For a lost or replaced state store.")
    boolean fromWarehouse;

    @Option(
        names = "--forget-warehouse",
        required = true,
        description =
            "Accept that the warehouse is lost: mark every partition missing, so that"
                + " `backfill --reprocess missing` rebuilds it.")
    boolean forgetWarehouse;
  }

  @Option(names = "--json", description = "Print what was repaired as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      Path warehouseFile = workspace.warehousePath();
      Path stateFile = workspace.statePath();
      PairingCheck check = new PairingCheck(stateFile, warehouseFile, workspace::warehouseExists);
      boolean warehouseExists = workspace.warehouseExists();
      if (direction.fromWarehouse && !warehouseExists) {
        throw PartitaException.user(
            "The warehouse %s does not exist, so there is no publish log to rebuild from. Restore it,"
                + " or run `partita repair --forget-warehouse` to mark the partitions missing",
            warehouseFile);
      }
      Pairing before =
          warehouseExists
              ? check.judge(workspace.state(), Optional.of(workspace.unpairedEngine().identity()))
              : check.judge(workspace.state(), Optional.empty());
      if (direction.forgetWarehouse && before.status() != Pairing.Status.WAREHOUSE_LOST) {
        throw PartitaException.user(
            "The warehouse %s is not lost (%s): --forget-warehouse would mark its partitions missing."
                + " %s",
            warehouseFile,
            before.status().lowerName(),
            before.status() == Pairing.Status.STATE_LOST
                ? "The state store is what was lost: run `partita repair --from-warehouse`"
                : "Nothing to repair");
      }
      Engine engine = workspace.unpairedEngine();
      PairingRepair repair = new PairingRepair(workspace.state(), engine, Clock.systemUTC());
      PairingRepair.Result result =
          direction.fromWarehouse
              ? repair.fromWarehouse(workspace.pipeline())
              : repair.forgetWarehouse();
      print(result, before, warehouseFile, stateFile);
      return 0;
    }
  }

  private void print(
      PairingRepair.Result result, Pairing before, Path warehouseFile, Path stateFile) {
    if (json) {
      ObjectNode root = JsonOutput.object();
      root.put("repair", direction.fromWarehouse ? "from_warehouse" : "forget_warehouse");
      root.put("before", before.status().lowerName());
      root.put("state", stateFile.toString());
      root.put("warehouse", warehouseFile.toString());
      root.put("succeeded", result.succeeded());
      root.put("missing", result.missing());
      root.put("rows", result.rows());
      System.out.println(JsonOutput.writeIndented(root));
    } else if (direction.fromWarehouse) {
      System.out.printf(
          "Rebuilt the partition states from the publish log of %s: %d succeeded (%,d rows),"
              + " %d missing. State store and warehouse are paired again.%n",
          warehouseFile, result.succeeded(), result.rows(), result.missing());
    } else {
      System.out.printf(
          "Marked %d partitions missing; %s is now the warehouse of this state store."
              + " Rebuild them with `partita backfill --partitions A..B --reprocess missing`.%n",
          result.missing(), warehouseFile);
    }
  }
}
