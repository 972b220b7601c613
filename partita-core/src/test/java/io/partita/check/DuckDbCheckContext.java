package io.partita.check;

import io.partita.PartitaException;
import io.partita.engine.Column;
import io.partita.engine.QueryResult;
import io.partita.engine.SqlDialect;
import io.partita.engine.duckdb.DuckDbDialect;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hand-written {@link CheckContext} over an in-memory DuckDB database: the staged partition is
 * table {@code staged}, the live relation table {@code live} (once {@link #withLive} is called),
 * and trailing metrics are whatever the test puts in. Partitions are days; the time column is
 * {@code ts}.
 */
final class DuckDbCheckContext implements CheckContext, AutoCloseable {
  static final PartitionKey PARTITION =
      new PartitionKey(Grain.DAY, LocalDateTime.of(2024, 12, 10, 0, 0));
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Connection connection;
  private final Map<String, List<Double>> trailing = new HashMap<>();
  private final Map<String, Map<String, Double>> stored = new HashMap<>();
  private final Map<String, String> upstreams = new HashMap<>();
  private final List<String> queries = new ArrayList<>();
  private final Map<String, int[]> windows = new HashMap<>();
  private List<PartitionKey> published;
  private boolean live;

  DuckDbCheckContext() {
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs setup statements, e.g. {@code create table staged as ...}. */
  DuckDbCheckContext execute(String... statements) {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
      return this;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  DuckDbCheckContext withLive() {
    live = true;
    return this;
  }

  DuckDbCheckContext withTrailing(String metric, Double... values) {
    trailing.put(metric, List.of(values));
    return this;
  }

  /** Metrics stored with published partition {@code key}, as its check returned them. */
  DuckDbCheckContext withStoredMetrics(String key, Map<String, Double> metrics) {
    stored.put(key, Map.copyOf(metrics));
    return this;
  }

  DuckDbCheckContext withoutStoredMetrics() {
    stored.clear();
    return this;
  }

  /** Makes {@code asset}'s partitions readable from table {@code table} (with a ts column). */
  DuckDbCheckContext withUpstream(String asset, String table) {
    upstreams.put(asset, table);
    return this;
  }

  /** This partition reads {@code D+from .. D+to} of {@code asset} (default: the same partition). */
  DuckDbCheckContext withUpstreamWindow(String asset, int from, int to) {
    windows.put(asset, new int[] {from, to});
    return this;
  }

  /** Only these partitions before this one hold published data (default: every one). */
  DuckDbCheckContext withPublished(String... keys) {
    published =
        Arrays.stream(keys).map(Grain.DAY::parseKey).sorted(Collections.reverseOrder()).toList();
    return this;
  }

  List<String> queries() {
    return queries;
  }

  @Override
  public String asset() {
    return "features";
  }

  @Override
  public PartitionKey partition() {
    return PARTITION;
  }

  @Override
  public String timeColumn() {
    return "ts";
  }

  @Override
  public String stagedRelation() {
    return "staged";
  }

  @Override
  public Optional<String> liveRelation() {
    return live ? Optional.of("live") : Optional.empty();
  }

  @Override
  public Optional<String> partitionRelation(String asset, PartitionKey partition) {
    return Optional.ofNullable(upstreams.get(asset))
        .map(
            table ->
                "(select * from " + table + " where " + windowPredicate("ts", partition) + ")");
  }

  @Override
  public Optional<String> upstreamRelation(String asset) {
    int[] window = windows.getOrDefault(asset, new int[] {0, 0});
    if (!upstreams.containsKey(asset)) {
      return Optional.empty();
    }
    return Optional.of(
        "(select * from "
            + upstreams.get(asset)
            + " where "
            + windowPredicate("ts", PARTITION.plus(window[0]), window[1] - window[0] + 1)
            + ")");
  }

  @Override
  public List<PartitionKey> publishedBefore(int count) {
    if (published == null) {
      List<PartitionKey> keys = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        keys.add(PARTITION.plus(-i));
      }
      return keys;
    }
    return published.subList(0, Math.min(count, published.size()));
  }

  @Override
  public String windowPredicate(String column, PartitionKey partition) {
    return Sql.quote(column)
        + " >= TIMESTAMP '"
        + TIMESTAMP.format(partition.start())
        + "' AND "
        + Sql.quote(column)
        + " < TIMESTAMP '"
        + TIMESTAMP.format(partition.end())
        + "'";
  }

  @Override
  public List<Column> describe(String relationOrQuery) {
    return query("DESCRIBE " + relationOrQuery).rows().stream()
        .map(row -> new Column(String.valueOf(row.get(0)), String.valueOf(row.get(1))))
        .toList();
  }

  @Override
  public SqlDialect dialect() {
    return DuckDbDialect.INSTANCE;
  }

  @Override
  public QueryResult query(String sql) {
    queries.add(sql);
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      // The row cap of the engine-backed contexts (ReaderCheckContext.MAX_ROWS).
      boolean truncated = false;
      while (result.next()) {
        if (rows.size() == 10_000) {
          truncated = true;
          break;
        }
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
          row.add(plain(result.getObject(i)));
        }
        rows.add(Collections.unmodifiableList(row));
      }
      return new QueryResult(columns, rows, truncated);
    } catch (SQLException e) {
      throw PartitaException.user("Query failed: %s", e.getMessage());
    }
  }

  private static Object plain(Object value) throws SQLException {
    if (value instanceof Array array) {
      return Arrays.asList((Object[]) array.getArray());
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    return value;
  }

  @Override
  public List<Double> trailing(String metric, int count) {
    List<Double> values = trailing.getOrDefault(metric, List.of());
    return values.subList(0, Math.min(count, values.size()));
  }

  @Override
  public Map<PartitionKey, Map<String, Double>> storedMetrics(
      List<PartitionKey> partitions, List<String> metrics) {
    Map<PartitionKey, Map<String, Double>> values = new HashMap<>();
    for (PartitionKey partition : partitions) {
      Map<String, Double> kept = new HashMap<>(stored.getOrDefault(partition.key(), Map.of()));
      kept.keySet().retainAll(metrics);
      if (!kept.isEmpty()) {
        values.put(partition, kept);
      }
    }
    return values;
  }

  @Override
  public String render(String name, String template) {
    return template.replaceAll("\\{\\{\\s*this\\s*}}", stagedRelation());
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
