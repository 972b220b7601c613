package io.partita.web.api;

import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.publish.Staleness;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import io.partita.web.project.ApiException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The partition grid as the CLI's {@code status} shows it: the stored state of every partition,
 * queued tasks of live runs on top, and missing cells between the first and last known partition
 * (or for every key of a requested range).
 */
final class PartitionGrid {
  /** The most cells one request may ask for per asset: 30 years of days, 11 years of hours. */
  static final int MAX_RANGE = 100_000;

  private final StateStore state;
  private final Map<String, String> queued;
  private final Staleness staleness;

  private PartitionGrid(StateStore state, Map<String, String> queued, Staleness staleness) {
    this.state = state;
    this.queued = queued;
    this.staleness = staleness;
  }

  /** A grid over the state as it is now; reads the live runs' tasks once. */
  static PartitionGrid read(StateStore state, Pipeline pipeline) {
    Map<String, String> queued = new HashMap<>();
    for (RunRecord run :
        state.runs().withStatus(List.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PAUSED))) {
      for (TaskRecord task : state.tasks().list(run.id())) {
        if (task.status() == TaskStatus.QUEUED || task.status() == TaskStatus.RETRYING) {
          queued.put(task.asset() + " " + task.partition(), run.id());
        }
      }
    }
    return new PartitionGrid(state, queued, new Staleness(pipeline, state));
  }

  /**
   * One cell: a partition and what is known about it. {@code stale}: succeeded, but written by a
   * definition of the asset (or of its upstream) that has changed since ({@link Staleness}).
   */
  record Cell(
      String partition,
      PartitionStatus status,
      Optional<Long> rows,
      Optional<String> runId,
      Optional<PartitionState> stored,
      boolean stale) {
    Cell(
        String partition,
        PartitionStatus status,
        Optional<Long> rows,
        Optional<String> runId,
        Optional<PartitionState> stored) {
      this(partition, status, rows, runId, stored, false);
    }

    /** Succeeded and published no rows: status stays {@code succeeded}, shown as empty. */
    boolean empty() {
      return status == PartitionStatus.SUCCEEDED && rows.map(count -> count == 0).orElse(false);
    }

    /** The state the grid shows: the stored status, or {@code stale}. */
    String state() {
      return stale ? "stale" : status.lowerName();
    }
  }

  /** Cells of one asset in key order; {@code from}/{@code to} are validated keys of its grain. */
  TreeMap<String, Cell> cells(AssetDefinition asset, Optional<String> from, Optional<String> to) {
    Grain grain = asset.grain();
    TreeMap<String, Cell> cells = new TreeMap<>();
    Optional<PartitionKey> first = from.map(grain::parseKey);
    Optional<PartitionKey> last = to.map(grain::parseKey);
    if (first.isPresent() && last.isPresent() && first.get().compareTo(last.get()) > 0) {
      throw ApiException.badRequest(
          "Invalid partition range: %s..%s (from is after to)", from.get(), to.get());
    }
    List<PartitionState> stored =
        first.isEmpty() && last.isEmpty()
            ? state.partitions().list(asset.name())
            : state
                .partitions()
                .list(
                    asset.name(),
                    first.map(PartitionKey::key).orElse(""),
                    last.map(PartitionKey::key).orElse("\uffff"));
    for (PartitionState partition : stored) {
      cells.put(
          partition.partition(),
          new Cell(
              partition.partition(),
              partition.status(),
              partition.rows(),
              Optional.of(partition.runId()),
              Optional.of(partition),
              staleness.isStale(partition)));
    }
    String prefix = asset.name() + " ";
    queued.forEach(
        (key, runId) -> {
          if (key.startsWith(prefix)) {
            String partition = key.substring(prefix.length());
            boolean inRange =
                first.map(f -> partition.compareTo(f.key()) >= 0).orElse(true)
                    && last.map(l -> partition.compareTo(l.key()) <= 0).orElse(true);
            Cell current = cells.get(partition);
            if (inRange && (current == null || current.status() != PartitionStatus.RUNNING)) {
              cells.put(
                  partition,
                  new Cell(
                      partition,
                      PartitionStatus.QUEUED,
                      current == null ? Optional.empty() : current.rows(),
                      Optional.of(runId),
                      current == null ? Optional.empty() : current.stored()));
            }
          }
        });
    PartitionKey start = first.orElse(cells.isEmpty() ? null : grain.parseKey(cells.firstKey()));
    PartitionKey end = last.orElse(cells.isEmpty() ? null : grain.parseKey(cells.lastKey()));
    if (start != null && end != null) {
      int count = 0;
      for (PartitionKey key = start; key.compareTo(end) <= 0; key = key.plus(1)) {
        if (++count > MAX_RANGE) {
          throw ApiException.badRequest(
              "Range %s..%s has more than %,d partitions; ask for a smaller one",
              start.key(), end.key(), MAX_RANGE);
        }
        cells.putIfAbsent(
            key.key(),
            new Cell(
                key.key(),
                PartitionStatus.MISSING,
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
      }
    }
    return cells;
  }
}
