package io.partita.publish;

import io.partita.PartitaException;
import io.partita.check.CheckContext;
import io.partita.check.Psi;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.engine.Engine;
import io.partita.engine.QueryResult;
import io.partita.model.ColumnChanges;
import io.partita.model.PartitionKey;
import io.partita.state.Attribution;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.StateStore;
import io.partita.state.VersionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Versions of an asset: list them, compare a candidate with the live one on canary partitions,
 * switch the published view in one statement (promote, rollback), drop unused ones. Every switch is
 * recorded with actor, time and reason.
 */
public final class VersionManager {
  private final Pipeline pipeline;
  private final StateStore state;
  private final Engine engine;
  private final Clock clock;

  public VersionManager(Pipeline pipeline, StateStore state, Engine engine, Clock clock) {
    this.pipeline = pipeline;
    this.state = state;
    this.engine = engine;
    this.clock = clock;
  }

  /** One version as {@code partita versions} shows it. */
  public record VersionInfo(
      String version,
      boolean live,
      Optional<String> snapshot,
      Optional<String> createdByRun,
      PartitionCounts partitions) {
    public int filled() {
      return partitions.filled();
    }

    public int missing() {
      return partitions.missing();
    }

    public int failingChecks() {
      return partitions.failingChecks();
    }

    public int stale() {
      return partitions.stale();
    }
  }

  /**
   * A version's partitions: built, missing compared with the live version, failing their checks,
   * and stale (built from older definitions).
   */
  public record PartitionCounts(int filled, int missing, int failingChecks, int stale) {}

  /**
   * The result of a switch: from, to, how long the published view was being replaced, and the
   * comparison if any.
   */
  public record Switch(
      String asset, String from, String to, Duration switchTime, Optional<Comparison> comparison) {}

  /**
   * Every version of {@code asset}; the live one is the one the warehouse's published view shows.
   */
  public List<VersionInfo> list(String asset) {
    pipeline.asset(asset);
    return new VersionListing(pipeline, state).list(asset, engine.liveVersion(asset));
  }

  /** Compares {@code candidate} with the live version on the canary partitions. */
  public Comparison compare(String asset, String candidate, CanaryOptions options) {
    AssetDefinition definition = pipeline.asset(asset);
    String live =
        engine
            .liveVersion(asset)
            .orElseThrow(
                () ->
                    PartitaException.user(
                        "Asset '%s' has never been published; nothing to compare with", asset));
    if (live.equals(candidate)) {
      throw PartitaException.user("%s is already the live version of '%s'", candidate, asset);
    }
    Set<String> liveFilled = filled(state.partitions().list(asset));
    Set<String> candidateFilled = filled(state.versions().partitions(asset, candidate));
    if (candidateFilled.isEmpty()) {
      throw PartitaException.user(
          "Version %s of '%s' has no partitions: build it first with"
              + " `partita backfill --target %s_%s --partitions A..B`",
          candidate, asset, asset, candidate);
    }
    List<String> missing =
        liveFilled.stream().filter(key -> !candidateFilled.contains(key)).sorted().toList();
    List<String> canaries;
    if (options.range().isPresent()) {
      canaries = options.range().get().keys().stream().map(PartitionKey::key).toList();
    } else {
      canaries = liveFilled.stream().filter(candidateFilled::contains).sorted().toList();
      canaries =
          canaries.subList(Math.max(0, canaries.size() - options.partitions()), canaries.size());
    }
    String liveTable = engine.versionRelation(asset, live);
    String candidateTable = engine.versionRelation(asset, candidate);
    List<ColumnChanges.Column> liveColumns = describe(liveTable);
    List<ColumnChanges.Column> candidateColumns = describe(candidateTable);
    ColumnChanges columns = ColumnChanges.between(liveColumns, candidateColumns);
    // Only columns both versions hold, numeric in both: a new column has nothing to compare with.
    List<String> numeric =
        numericColumns(candidateColumns, definition.timeColumn()).stream()
            .filter(numericColumns(liveColumns, definition.timeColumn())::contains)
            .toList();
    List<Comparison.PartitionComparison> compared = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    CheckContext context = new QueryOnlyContext(engine);
    for (String key : canaries) {
      PartitionKey partition = definition.grain().parseKey(key);
      String window = partition.sqlPredicate(definition.timeColumn());
      long liveRows = count(liveTable, window);
      long candidateRows = count(candidateTable, window);
      Optional<Double> overlap =
          definition.uniqueKey().isEmpty()
              ? Optional.empty()
              : Optional.of(keyOverlap(liveTable, candidateTable, window, definition.uniqueKey()));
      List<Comparison.ColumnDrift> drift = new ArrayList<>();
      for (String column : numeric) {
        double psi =
            Psi.between(
                context,
                Psi.sample(engine.dialect(), candidateTable, column, window),
                Psi.sample(engine.dialect(), liveTable, column, window));
        drift.add(new Comparison.ColumnDrift(column, psi));
        if (psi > options.maxDrift()) {
          problems.add(
              String.format(
                  Locale.ROOT,
                  "%s %s: PSI %.4f > --max-drift %.4f",
                  key,
                  column,
                  psi,
                  options.maxDrift()));
        }
      }
      Comparison.PartitionComparison row =
          new Comparison.PartitionComparison(key, liveRows, candidateRows, overlap, drift);
      options
          .maxRowDelta()
          .filter(max -> Math.abs(row.rowDelta()) > max)
          .ifPresent(
              max ->
                  problems.add(
                      String.format(
                          Locale.ROOT,
                          "%s: row count %d -> %d (%+.1f%%) beyond --max-row-delta %.1f%%",
                          key,
                          liveRows,
                          candidateRows,
                          100 * row.rowDelta(),
                          100 * max)));
      compared.add(row);
    }
    if (canaries.isEmpty()) {
      problems.add(
          "no canary partitions: the two versions share no built partition (use --canary A..B)");
    }
    if (!missing.isEmpty() && !options.allowIncomplete()) {
      problems.add(
          missing.size()
              + " partition(s) the live version has are missing in "
              + candidate
              + " (first: "
              + missing.get(0)
              + "); build them or pass --allow-incomplete");
    }
    Optional<Boolean> canarySql =
        options.canarySql().map(sql -> runCanarySql(sql, liveTable, candidateTable));
    if (canarySql.isPresent() && !canarySql.get()) {
      problems.add("the canary SQL returned false");
    }
    return new Comparison(
        asset,
        live,
        candidate,
        compared,
        missing,
        columns,
        new Comparison.Verdict(canarySql, problems));
  }

  /** Compares, then switches when the comparison passes; refuses (without switching) otherwise. */
  public Switch promote(
      String asset,
      String candidate,
      CanaryOptions options,
      String actor,
      Optional<String> reason) {
    Comparison comparison = compare(asset, candidate, options);
    if (!comparison.passed()) {
      return new Switch(
          asset, comparison.liveVersion(), candidate, Duration.ZERO, Optional.of(comparison));
    }
    Duration took =
        switchTo(
            asset,
            comparison.liveVersion(),
            candidate,
            "promote",
            actor,
            reason,
            Optional.of(comparison.summary()));
    return new Switch(asset, comparison.liveVersion(), candidate, took, Optional.of(comparison));
  }

  /** Switches back, by default to the version that was live before the last promote. */
  public Switch rollback(String asset, Optional<String> to, String actor, Optional<String> reason) {
    String live =
        engine
            .liveVersion(asset)
            .orElseThrow(() -> PartitaException.user("Asset '%s' has never been published", asset));
    String target =
        to.orElseGet(
            () -> {
              List<VersionStore.VersionEvent> events = state.versions().events(asset);
              for (int i = events.size() - 1; i >= 0; i--) {
                VersionStore.VersionEvent event = events.get(i);
                if (event.toVersion().equals(live) && event.fromVersion().isPresent()) {
                  return event.fromVersion().get();
                }
              }
              throw PartitaException.user(
                  "No earlier version of '%s' to roll back to; name one with --to vN", asset);
            });
    if (target.equals(live)) {
      throw PartitaException.user("%s is already the live version of '%s'", target, asset);
    }
    Duration took = switchTo(asset, live, target, "rollback", actor, reason, Optional.empty());
    return new Switch(asset, live, target, took, Optional.empty());
  }

  /** Drops a version that is not live. */
  public void drop(String asset, String version, String actor, Optional<String> reason) {
    pipeline.asset(asset);
    Optional<String> live = engine.liveVersion(asset);
    if (live.map(version::equals).orElse(false)) {
      throw PartitaException.user(
          "%s is the live version of '%s' and cannot be dropped; promote or roll back to"
              + " another version first",
          version, asset);
    }
    if (state.versions().list(asset).stream().noneMatch(known -> known.version().equals(version))) {
      throw PartitaException.user(
          "Asset '%s' has no version %s: `partita versions %s` lists its versions",
          asset, version, asset);
    }
    engine.dropVersion(asset, version);
    state
        .versions()
        .drop(
            asset,
            version,
            new VersionStore.VersionEvent(
                asset,
                "drop",
                Optional.empty(),
                version,
                new Attribution(actor, reason),
                Optional.empty(),
                clock.instant()));
  }

  private Duration switchTo(
      String asset,
      String from,
      String to,
      String action,
      String actor,
      Optional<String> reason,
      Optional<String> details) {
    long start = System.nanoTime();
    engine.switchVersion(asset, to);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    state
        .versions()
        .swapLive(
            asset,
            from,
            to,
            new VersionStore.VersionEvent(
                asset,
                action,
                Optional.of(from),
                to,
                new Attribution(actor, reason),
                details,
                clock.instant()));
    return took;
  }

  private static Set<String> filled(List<PartitionState> partitions) {
    return partitions.stream()
        .filter(p -> p.status() == PartitionStatus.SUCCEEDED)
        .map(PartitionState::partition)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private List<ColumnChanges.Column> describe(String table) {
    return engine.describe("SELECT * FROM " + table).stream()
        .map(column -> new ColumnChanges.Column(column.name(), column.type()))
        .toList();
  }

  private List<String> numericColumns(List<ColumnChanges.Column> columns, String timeColumn) {
    List<String> numeric = new ArrayList<>();
    for (ColumnChanges.Column column : columns) {
      if (!column.name().equalsIgnoreCase(timeColumn)
          && engine.dialect().isNumeric(column.type())) {
        numeric.add(column.name());
      }
    }
    return numeric;
  }

  private long count(String table, String window) {
    return ((Number)
            engine
                .query("SELECT count(*) FROM " + table + " WHERE " + window, 1)
                .rows()
                .get(0)
                .get(0))
        .longValue();
  }

  private double keyOverlap(String live, String candidate, String window, List<String> keys) {
    String columns =
        keys.stream()
            .map(k -> "\"" + k.replace("\"", "\"\"") + "\"")
            .collect(Collectors.joining(", "));
    String sql =
        "WITH l AS (SELECT DISTINCT "
            + columns
            + " FROM "
            + live
            + " WHERE "
            + window
            + "),"
            + " c AS (SELECT DISTINCT "
            + columns
            + " FROM "
            + candidate
            + " WHERE "
            + window
            + ")"
            + " SELECT (SELECT count(*) FROM (SELECT * FROM l INTERSECT SELECT * FROM c) AS i),"
            + " (SELECT count(*) FROM (SELECT * FROM l UNION SELECT * FROM c) AS u)";
    List<Object> row = engine.query(sql, 1).rows().get(0);
    long both = ((Number) row.get(0)).longValue();
    long either = ((Number) row.get(1)).longValue();
    return either == 0 ? 1.0 : both / (double) either;
  }

  private boolean runCanarySql(String sql, String live, String candidate) {
    String rendered = sql.replace("{{ live }}", live).replace("{{ candidate }}", candidate);
    QueryResult result = engine.query(rendered, 2);
    if (result.rows().size() != 1
        || result.columns().size() != 1
        || !(result.rows().get(0).get(0) instanceof Boolean)) {
      throw PartitaException.user(
          "The canary SQL must return one row with one boolean; it returned %d row(s) of %d column(s)",
          result.rows().size(), result.columns().size());
    }
    return (Boolean) result.rows().get(0).get(0);
  }
}
