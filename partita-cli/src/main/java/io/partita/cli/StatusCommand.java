package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.exec.DeadRuns;
import io.partita.json.JsonOutput;
import io.partita.json.PartitionJson;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.PartitionSet;
import io.partita.plan.AssetSelection;
import io.partita.project.ProjectContext;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Partition grid: one row per asset, one cell per partition.",
      "Reads the state store only, so it works while a backfill runs in another process."
    })
final class StatusCommand implements Callable<Integer> {
  private static final int MAX_COLUMNS = 62;

  @Mixin ProjectOption project;

  private io.partita.publish.Staleness staleness;

  @Option(
      names = "--assets",
      paramLabel = "SEL",
      defaultValue = "",
      description = "Assets to show (default: all).")
  String assets;

  @Option(
      names = "--partitions",
      paramLabel = "A..B|A,B,C",
      description = "Partitions to show (default: all with state, last 62 in the grid).")
  String partitions;

  @Option(names = "--json", description = "Print the grid as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      Pipeline pipeline = workspace.pipeline();
      Map<String, TreeMap<String, Cell>> grid = new java.util.LinkedHashMap<>();
      DeadRuns dead = workspace.readRuns().deadRuns();
      Map<String, Overlay> overlay = unfinishedTasks(workspace.readState(), dead);
      staleness = new io.partita.publish.Staleness(pipeline, workspace.readState());
      for (String name : AssetSelection.resolve(assets, pipeline)) {
        grid.put(name, cells(workspace.readState(), pipeline.asset(name), overlay));
      }
      io.partita.pairing.Pairing pairing = workspace.pairing();
      if (json) {
        printJson(grid, pairing);
      } else {
        if (pairing.outOfStep()) {
          System.out.println(
              "warning: state store and warehouse are out of step: " + pairing.problem());
        }
        printGrid(grid);
      }
      return 0;
    }
  }

  /** One cell of the grid. */
  record Cell(
      String partition,
      PartitionStatus status,
      Optional<Long> rows,
      String runId,
      Instant updatedAt,
      boolean stale) {
    /** Succeeded and published no rows: shown as {@code 0}, {@code "empty": true} in JSON. */
    boolean empty() {
      return status == PartitionStatus.SUCCEEDED && rows.map(count -> count == 0).orElse(false);
    }

    Cell(
        String partition,
        PartitionStatus status,
        Optional<Long> rows,
        String runId,
        Instant updatedAt) {
      this(partition, status, rows, runId, updatedAt, false);
    }
  }

  /**
   * What a cell shows for an unfinished task of a run: queued, or interrupted if its process is
   * gone.
   */
  private record Overlay(String runId, PartitionStatus status) {}

  private TreeMap<String, Cell> cells(
      StateStore state, AssetDefinition asset, Map<String, Overlay> overlay) {
    TreeMap<String, Cell> cells = new TreeMap<>();
    List<PartitionKey> wanted = null;
    if (partitions != null) {
      wanted = PartitionSet.parse(partitions, asset.grain()).keys();
      for (PartitionKey key : wanted) {
        cells.put(
            key.key(), new Cell(key.key(), PartitionStatus.MISSING, Optional.empty(), null, null));
      }
    }
    List<PartitionState> stored =
        wanted == null
            ? state.partitions().list(asset.name())
            : state
                .partitions()
                .list(asset.name(), wanted.get(0).key(), wanted.get(wanted.size() - 1).key());
    for (PartitionState partition : stored) {
      if (wanted == null || cells.containsKey(partition.partition())) {
        cells.put(
            partition.partition(),
            new Cell(
                partition.partition(),
                partition.status(),
                partition.rows(),
                partition.runId(),
                partition.updatedAt(),
                staleness.isStale(partition)));
      }
    }
    boolean all = wanted == null;
    overlay.forEach(
        (key, shown) -> {
          int space = key.indexOf(' ');
          if (key.substring(0, space).equals(asset.name())) {
            String partition = key.substring(space + 1);
            Cell current = cells.get(partition);
            // A queued cell shows over what is stored, except a cell running in another run. An
            // interrupted cell shows only over what the dead run left (or nothing): a later run's
            // write is the newer news.
            boolean overlays =
                shown.status() == PartitionStatus.INTERRUPTED
                    ? current != null
                        && (shown.runId().equals(current.runId())
                            || current.status() == PartitionStatus.MISSING)
                    : current != null && current.status() != PartitionStatus.RUNNING;
            if ((current == null && all) || overlays) {
              cells.put(
                  partition,
                  new Cell(
                      partition,
                      shown.status(),
                      current == null ? Optional.empty() : current.rows(),
                      shown.runId(),
                      current == null ? null : current.updatedAt()));
            }
          }
        });
    if (wanted == null && !cells.isEmpty()) {
      fillGaps(cells, asset.grain());
    }
    return cells;
  }

  /** Missing partitions between the first and last known ones show as missing cells. */
  private static void fillGaps(TreeMap<String, Cell> cells, Grain grain) {
    PartitionKey first = grain.parseKey(cells.firstKey());
    PartitionKey last = grain.parseKey(cells.lastKey());
    for (PartitionKey key = first; key.compareTo(last) <= 0; key = key.plus(1)) {
      cells.putIfAbsent(
          key.key(), new Cell(key.key(), PartitionStatus.MISSING, Optional.empty(), null, null));
    }
  }

  /**
   * Unfinished tasks, "asset partition" -> overlay: queued tasks of live runs show as queued; every
   * unfinished task of a run whose process is gone shows as interrupted. Live runs win a cell over
   * dead ones.
   */
  private static Map<String, Overlay> unfinishedTasks(StateStore state, DeadRuns dead) {
    Map<String, Overlay> overlay = new HashMap<>();
    List<RunRecord> runs =
        state
            .runs()
            .withStatus(
                List.of(
                    RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PAUSED, RunStatus.INTERRUPTED));
    List<RunRecord> deadFirst = new java.util.ArrayList<>();
    for (RunRecord run : runs) {
      if (dead.shownStatus(run) == RunStatus.INTERRUPTED) {
        deadFirst.add(0, run);
      } else {
        deadFirst.add(run);
      }
    }
    for (RunRecord run : deadFirst) {
      boolean interrupted = dead.shownStatus(run) == RunStatus.INTERRUPTED;
      for (TaskRecord task : state.tasks().list(run.id())) {
        if (interrupted && !task.status().isTerminal()) {
          overlay.put(
              task.asset() + " " + task.partition(),
              new Overlay(run.id(), PartitionStatus.INTERRUPTED));
        } else if (task.status() == TaskStatus.QUEUED || task.status() == TaskStatus.RETRYING) {
          overlay.put(
              task.asset() + " " + task.partition(), new Overlay(run.id(), PartitionStatus.QUEUED));
        }
      }
    }
    return overlay;
  }

  private static void printJson(
      Map<String, TreeMap<String, Cell>> grid, io.partita.pairing.Pairing pairing) {
    ObjectNode root = JsonOutput.object();
    ObjectNode inStep = root.putObject("pairing");
    inStep.put("status", pairing.status().lowerName());
    inStep.put("out_of_step", pairing.outOfStep());
    if (pairing.outOfStep()) {
      inStep.put("problem", pairing.problem());
    } else {
      inStep.putNull("problem");
    }
    ArrayNode assets = root.putArray("assets");
    grid.forEach(
        (name, cells) -> {
          ObjectNode asset = assets.addObject();
          asset.put("name", name);
          ArrayNode list = asset.putArray("partitions");
          for (Cell cell : cells.values()) {
            ObjectNode item =
                PartitionJson.cell(
                    cell.partition(),
                    cell.status().lowerName(),
                    cell.rows(),
                    Optional.ofNullable(cell.runId()),
                    Optional.ofNullable(cell.updatedAt()));
            list.add(item);
            item.put("stale", cell.stale());
          }
        });
    System.out.println(JsonOutput.writeIndented(root));
  }

  private static void printGrid(Map<String, TreeMap<String, Cell>> grid) {
    int width = grid.keySet().stream().mapToInt(String::length).max().orElse(5) + 2;
    for (Map.Entry<String, TreeMap<String, Cell>> row : grid.entrySet()) {
      List<Cell> cells = List.copyOf(row.getValue().values());
      if (cells.isEmpty()) {
        System.out.printf("%-" + width + "s(nothing materialized yet)%n", row.getKey());
        continue;
      }
      List<Cell> shown =
          cells.size() > MAX_COLUMNS
              ? cells.subList(cells.size() - MAX_COLUMNS, cells.size())
              : cells;
      StringBuilder line = new StringBuilder();
      Map<PartitionStatus, Integer> counts = new java.util.EnumMap<>(PartitionStatus.class);
      long rows = 0;
      int stale = 0;
      int empty = 0;
      for (Cell cell : cells) {
        counts.merge(cell.status(), 1, Integer::sum);
        rows += cell.rows().orElse(0L);
        stale += cell.stale() ? 1 : 0;
        empty += cell.empty() ? 1 : 0;
      }
      for (Cell cell : shown) {
        line.append(cell.stale() ? 's' : cell.empty() ? '0' : symbol(cell.status()));
      }
      if (stale > 0) {
        counts.clear();
        for (Cell cell : cells) {
          counts.merge(cell.status(), 1, Integer::sum);
        }
      }
      StringBuilder summary = new StringBuilder();
      counts.forEach(
          (status, count) ->
              summary
                  .append(summary.length() == 0 ? "" : ", ")
                  .append(count)
                  .append(' ')
                  .append(status.lowerName()));
      if (empty > 0) {
        summary.append(" (").append(empty).append(" empty)");
      }
      System.out.printf(
          "%-" + width + "s%s  %s..%s  %s%s; %,d rows%n",
          row.getKey(),
          line,
          shown.get(0).partition(),
          shown.get(shown.size() - 1).partition(),
          summary,
          stale > 0 ? " (" + stale + " stale)" : "",
          rows);
    }
    System.out.println(
        "legend: # succeeded  0 empty (succeeded, 0 rows)  s stale  x failed  ! failed checks  > running  ~ queued  i interrupted  . missing   (--json for every cell)");
  }

  private static char symbol(PartitionStatus status) {
    return switch (status) {
      case SUCCEEDED -> '#';
      case FAILED -> 'x';
      case FAILED_CHECKS -> '!';
      case RUNNING -> '>';
      case QUEUED -> '~';
      case MISSING -> '.';
      case INTERRUPTED -> 'i';
    };
  }
}
