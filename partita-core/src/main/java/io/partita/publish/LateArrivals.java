package io.partita.publish;

import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.ScheduleSpec;
import io.partita.engine.Engine;
import io.partita.engine.SqlDialect;
import io.partita.engine.StagedPartition;
import io.partita.model.PartitionKey;
import io.partita.state.LateArrivalRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Measures, in SQL on a staged partition before it is published, how late its rows arrived (from
 * the asset's {@code arrival_column}) and how many rows the write adds or changes compared with the
 * published partition. Must run before publish: afterwards the published rows are the staged ones.
 */
public final class LateArrivals {
  static final int QUANTILES = 101;

  private LateArrivals() {}

  /** Empty when the asset has no {@code arrival_column}. */
  public static Optional<LateArrivalRecord> measure(
      Pipeline pipeline,
      AssetDefinition asset,
      Engine engine,
      StagedPartition staged,
      List<String> uniqueKey,
      Instant at) {
    if (asset.arrivalColumn().isEmpty()) {
      return Optional.empty();
    }
    PartitionKey partition = staged.request().partition();
    Duration delay = pipeline.schedule().map(ScheduleSpec::watermarkDelay).orElse(Duration.ZERO);
    String arrival = quote(asset.arrivalColumn().get());
    String end = timestamp(partition.end());
    // The watermark: when the partition counts as complete (see schedule.DuePartitions).
    String watermark = timestamp(partition.end().plus(delay));
    List<Double> levels = new ArrayList<>();
    for (int i = 0; i < QUANTILES; i++) {
      levels.add(i / 100.0);
    }
    SqlDialect dialect = engine.dialect();
    String arrived = "CAST(" + arrival + " AS TIMESTAMP)";
    String sql =
        "SELECT count(*), count(*) FILTER (WHERE arrived > "
            + watermark
            + "), "
            + dialect.quantilesAsText("lateness", levels)
            + " FROM (SELECT "
            + arrived
            + " AS arrived, greatest(0, "
            + dialect.dateDiff(ChronoUnit.MILLIS, end, arrived)
            + ") / 1000.0"
            + " AS lateness FROM "
            + staged.stagingRelation()
            + ") AS measured";
    List<Object> row = engine.query(sql, 1).rows().get(0);
    long total = ((Number) row.get(0)).longValue();
    long late = ((Number) row.get(1)).longValue();
    List<Double> quantiles = parseList((String) row.get(2));
    Changes changes = changes(asset, engine, staged, uniqueKey, total);
    return Optional.of(
        new LateArrivalRecord(
            asset.name(),
            partition.key(),
            staged.request().runId(),
            total,
            late,
            at(quantiles, 50),
            at(quantiles, 95),
            at(quantiles, 99),
            at(quantiles, 100),
            changes.added(),
            changes.changed(),
            at,
            quantiles));
  }

  private record Changes(long added, long changed) {}

  /**
   * Rows added and changed against the published partition: by unique key when there is one (added
   * = new keys, changed = known keys with other values), else by whole rows (added = rows not
   * published before, changed = published rows this write drops).
   */
  private static Changes changes(
      AssetDefinition asset,
      Engine engine,
      StagedPartition staged,
      List<String> uniqueKey,
      long total) {
    PartitionKey partition = staged.request().partition();
    if (engine.lastPublish(asset.name(), partition.key()).isEmpty()) {
      return new Changes(total, 0);
    }
    List<String> columns =
        engine.query("SELECT * FROM " + staged.stagingRelation() + " LIMIT 0", 0).columns();
    String list = columns.stream().map(LateArrivals::quote).collect(Collectors.joining(", "));
    String time = quote(asset.timeColumn());
    String published =
        "(SELECT "
            + list
            + " FROM "
            + engine.relation(asset.name())
            + " WHERE "
            + time
            + " >= "
            + partition.grain().sqlLiteral(partition.start())
            + " AND "
            + time
            + " < "
            + partition.grain().sqlLiteral(partition.end())
            + ")";
    String stagedRows = "(SELECT " + list + " FROM " + staged.stagingRelation() + ")";
    long newOrDifferent =
        count(
            "SELECT count(*) FROM (" + stagedRows + " EXCEPT ALL " + published + ") AS changed",
            engine);
    if (uniqueKey.isEmpty()) {
      long dropped =
          count(
              "SELECT count(*) FROM (" + published + " EXCEPT ALL " + stagedRows + ") AS dropped",
              engine);
      return new Changes(newOrDifferent, dropped);
    }
    String match =
        uniqueKey.stream()
            .map(key -> "s." + quote(key) + " IS NOT DISTINCT FROM p." + quote(key))
            .collect(Collectors.joining(" AND "));
    long added =
        count(
            "SELECT count(*) FROM "
                + stagedRows
                + " s WHERE NOT EXISTS (SELECT 1 FROM "
                + published
                + " p WHERE "
                + match
                + ")",
            engine);
    return new Changes(added, Math.max(0, newOrDifferent - added));
  }

  private static long count(String sql, Engine engine) {
    return ((Number) engine.query(sql, 1).rows().get(0).get(0)).longValue();
  }

  private static Optional<Double> at(List<Double> quantiles, int percent) {
    return quantiles.isEmpty() ? Optional.empty() : Optional.of(quantiles.get(percent));
  }

  private static List<Double> parseList(String text) {
    List<Double> values = new ArrayList<>();
    if (text == null) {
      return values;
    }
    String inner = text.strip();
    inner = inner.substring(1, inner.length() - 1);
    for (String value : inner.split(",")) {
      if (!value.isBlank()) {
        values.add(Double.parseDouble(value.strip()));
      }
    }
    return values;
  }

  private static String timestamp(LocalDateTime time) {
    return "TIMESTAMP '" + time.toLocalDate() + " " + time.toLocalTime() + "'";
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
