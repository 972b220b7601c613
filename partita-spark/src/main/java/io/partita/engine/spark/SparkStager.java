package io.partita.engine.spark;

import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import io.partita.engine.SqlStatements;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.engine.sql.StageMessages;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Stages a partition write-audit-publish style on an Iceberg branch: the model's rows are checked
 * against the window, the table is created on first write (Iceberg v2, partitioned by the grain),
 * and one commit on a new branch {@code audit_<run>_<token>} replaces the window there. Main is
 * untouched: checks read the branch through a temporary view, and publish fast-forwards main.
 */
final class SparkStager {
  private static final DateTimeFormatter HOUR_BOUND =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

  private final IcebergTables tables;
  private final SparkSqlParser parser;
  private final Map<String, StagedBranch> staged = new ConcurrentHashMap<>();

  SparkStager(IcebergTables tables, SparkSqlParser parser) {
    this.tables = tables;
    this.parser = parser;
  }

  /** The branch behind a staging relation this engine made, if it still exists. */
  Optional<StagedBranch> branchOf(StagedPartition partition) {
    return Optional.ofNullable(staged.get(partition.stagingRelation()));
  }

  void forget(StagedPartition partition) {
    staged.remove(partition.stagingRelation());
  }

  StagedPartition stage(StageRequest request, Cancellation cancellation) {
    return stageAll(List.of(request), SparkErrors.where(request), cancellation).get(0);
  }

  /**
   * Stages consecutive partitions of one asset from ONE run of the first request's input (rendered
   * for the window spanning them all): one window check over the span, one commit on one new
   * branch, then one view per partition over its own window of that branch.
   */
  List<StagedPartition> stageBatch(List<StageRequest> requests, Cancellation cancellation) {
    StageRequest first = requests.get(0);
    StageRequest last = requests.get(requests.size() - 1);
    return stageAll(
        requests,
        String.format(
            "asset '%s' partitions %s..%s (%s)",
            first.asset(), first.partition().key(), last.partition().key(), first.definedIn()),
        cancellation);
  }

  private List<StagedPartition> stageAll(
      List<StageRequest> requests, String where, Cancellation cancellation) {
    StageRequest request = requests.get(0);
    PartitionKey lastPartition = requests.get(requests.size() - 1).partition();
    requireOneQuery(request, request.input());
    SparkSession session = tables.session();
    String token = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String group = "partita-" + token;
    session.sparkContext().setJobGroup(group, where, true);
    cancellation.onCancel(() -> session.sparkContext().cancelJobGroup(group));
    Dataset<Row> rows = null;
    try {
      rows = dataset(session, request.input()).persist(StorageLevel.MEMORY_AND_DISK());
      String column = timeColumn(request, rows);
      long total = validateWindow(request, rows, column, lastPartition.end(), where);
      long[] counts =
          requests.size() == 1 ? new long[] {total} : countPerPartition(requests, rows, column);
      checkCancelled(request, cancellation);
      String target = request.targetRelation();
      Table table = ensureTable(target, rows, column, request.partition().grain());
      String branch = "audit_" + request.runId().replaceAll("[^A-Za-z0-9]", "_") + "_" + token;
      long base;
      SparkSchemaEvolution.Evolved evolved;
      synchronized (tables.lock(target)) {
        evolved = SparkSchemaEvolution.stage(request, session, target, rows);
        base =
            tables
                .branchCommits()
                .commit(
                    table,
                    "create branch " + branch,
                    (fresh, refs) -> {
                      long main = fresh.currentSnapshot().snapshotId();
                      refs.createBranch(branch, main);
                      return main;
                    });
      }
      DataFrameWriterV2<Row> writer = evolved.rows().writeTo(tables.branch(target, branch));
      List<PublishLogEntry.Written> written = new java.util.ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        StageRequest one = requests.get(i);
        written.add(new PublishLogEntry.Written(one.partition().key(), one.attempt(), counts[i]));
      }
      PublishLogEntry.summary(
              request.runId(), request.asset(), PublishLogEntry.PUBLISH, column, written)
          .forEach((key, value) -> writer.option("snapshot-property." + key, value));
      writer.overwrite(functions.expr(span(column, request.partition(), lastPartition)));
      List<StagedPartition> result = new java.util.ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        StageRequest one = requests.get(i);
        String window = IcebergTables.window(column, one.partition());
        String view =
            IcebergTables.quote("_partita_stage_" + token + (requests.size() == 1 ? "" : "_" + i));
        session.sql(
            "CREATE OR REPLACE TEMPORARY VIEW "
                + view
                + " AS SELECT * FROM "
                + tables.branch(target, branch)
                + " WHERE "
                + window);
        staged.put(
            view,
            new StagedBranch(
                target, branch, base, window, view, evolved.schema(), requests.size()));
        result.add(new StagedPartition(one, view, counts[i]));
      }
      return result;
    } catch (EngineException e) {
      throw e;
    } catch (Exception e) {
      if (cancellation.isCancelled()) {
        throw new EngineException(where + ": cancelled: " + cancellation.reason(), true, e);
      }
      throw new EngineException(
          where + ": staging failed: " + SparkErrors.oneLine(e), SparkErrors.isTransient(e), e);
    } finally {
      if (rows != null) {
        rows.unpersist();
      }
      session.sparkContext().clearJobGroup();
    }
  }

  /** The rows of each partition's window, in one scan of the staged rows. */
  private static long[] countPerPartition(
      List<StageRequest> requests, Dataset<Row> rows, String column) {
    String[] expressions = new String[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      expressions[i] =
          "count_if(" + IcebergTables.window(column, requests.get(i).partition()) + ")";
    }
    Row row = rows.selectExpr(expressions).first();
    long[] counts = new long[requests.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = row.getLong(i);
    }
    return counts;
  }

  /** The window from {@code first}'s start to {@code last}'s end, as a Spark SQL predicate. */
  private static String span(String column, PartitionKey first, PartitionKey last) {
    Grain grain = first.grain();
    return IcebergTables.quote(column)
        + " >= "
        + grain.sqlLiteral(first.start())
        + " AND "
        + IcebergTables.quote(column)
        + " < "
        + grain.sqlLiteral(last.end());
  }

  /**
   * Whether a staged partition other than those of {@code excludedViews} still reads {@code
   * branch}: a batch shares one branch, which stays until its last partition is done with.
   */
  boolean sharedWithOthers(StagedBranch branch, java.util.Set<String> excludedViews) {
    return staged.values().stream()
        .anyMatch(
            other ->
                other.target().equals(branch.target())
                    && other.branch().equals(branch.branch())
                    && !excludedViews.contains(other.view()));
  }

  private void requireOneQuery(StageRequest request, TaskInput input) {
    if (input instanceof TaskInput.WithColumns wrapped) {
      requireOneQuery(request, wrapped.inner());
    } else if (input instanceof TaskInput.Sql sql) {
      Optional<SqlStatements.Problem> problem =
          parser.parse(sql.sql()).notOneQuery(SqlStatements.MODEL_KEYWORDS);
      if (problem.isPresent()) {
        throw new EngineException(
            String.format(
                "%s: the model rendered for this partition %s (line %d); a model is exactly one"
                    + " query (SELECT/WITH/VALUES/FROM). Nothing of it ran",
                SparkErrors.where(request), problem.get().description(), problem.get().line()),
            false,
            null);
      }
    }
  }

  static Dataset<Row> dataset(SparkSession session, TaskInput input) {
    if (input instanceof TaskInput.WithColumns wrapped) {
      Dataset<Row> inner = dataset(session, wrapped.inner());
      for (Map.Entry<String, String> column : wrapped.columns().entrySet()) {
        inner = inner.withColumn(column.getKey(), functions.expr(column.getValue()));
      }
      return inner;
    }
    if (input instanceof TaskInput.Sql sql) {
      return session.sql(SparkSqlParser.stripTrailingSemicolons(sql.sql()));
    }
    TaskInput.File file = (TaskInput.File) input;
    String path = file.path().toAbsolutePath().toString();
    return switch (file.format()) {
      case CSV -> session.read().option("header", "true").option("inferSchema", "true").csv(path);
      case PARQUET -> session.read().parquet(path);
    };
  }

  private static String timeColumn(StageRequest request, Dataset<Row> rows) {
    for (StructField field : rows.schema().fields()) {
      if (field.name().equalsIgnoreCase(request.timeColumn())) {
        return field.name();
      }
    }
    throw new EngineException(
        String.format(
            "%s: the output has no column %s (columns: %s); nothing was written. Select the"
                + " partition's time column or set time_column: for the asset",
            SparkErrors.where(request), request.timeColumn(), String.join(", ", rows.columns())),
        false,
        null);
  }

  /**
   * Counts the rows and refuses any outside {@code [request's start, end)} or without a time; the
   * error starts with {@code where}.
   */
  private static long validateWindow(
      StageRequest request, Dataset<Row> rows, String column, LocalDateTime endTime, String where) {
    PartitionKey partition = request.partition();
    String quoted = IcebergTables.quote(column);
    String start = partition.grain().sqlLiteral(partition.start());
    String end = partition.grain().sqlLiteral(endTime);
    Row result =
        rows.selectExpr(
                "count(*)",
                "count_if(" + quoted + " IS NULL)",
                "count_if(" + quoted + " < " + start + " OR " + quoted + " >= " + end + ")",
                "CAST(min(CASE WHEN "
                    + quoted
                    + " < "
                    + start
                    + " THEN "
                    + quoted
                    + " END) AS STRING)",
                "CAST(max(CASE WHEN "
                    + quoted
                    + " >= "
                    + end
                    + " THEN "
                    + quoted
                    + " END) AS STRING)")
            .first();
    long count = result.getLong(0);
    long nulls = result.getLong(1);
    long outside = result.getLong(2);
    if (nulls == 0 && outside == 0) {
      return count;
    }
    StringJoiner problem = new StringJoiner(" and ");
    if (outside > 0) {
      problem.add(
          String.format(
              "%d %s %s outside [%s, %s), e.g. %s",
              outside,
              outside == 1 ? "row has" : "rows have",
              column,
              bound(partition.grain(), partition.start()),
              bound(partition.grain(), endTime),
              result.isNullAt(3) ? result.getString(4) : result.getString(3)));
    }
    if (nulls > 0) {
      problem.add(
          String.format("%d %s NULL %s", nulls, nulls == 1 ? "row has" : "rows have", column));
    }
    String fix = StageMessages.windowFix(request, column);
    throw new EngineException(
        where + ": " + problem + "; nothing was written. " + fix, false, null);
  }

  private static String bound(Grain grain, LocalDateTime time) {
    return grain == Grain.HOUR ? time.format(HOUR_BOUND) : time.toLocalDate().toString();
  }

  /**
   * The target table, created on first write as an Iceberg v2 table partitioned by the grain, with
   * an empty first snapshot on main so that staging branches always have a base.
   */
  private Table ensureTable(String target, Dataset<Row> rows, String column, Grain grain) {
    synchronized (tables.lock(target)) {
      Optional<Table> existing = tables.load(tables.tableName(target));
      if (existing.isEmpty()) {
        tables.ensureNamespace();
        StringJoiner columns = new StringJoiner(", ");
        for (StructField field : rows.schema().fields()) {
          columns.add(IcebergTables.quote(field.name()) + " " + field.dataType().sql());
        }
        String create =
            "CREATE TABLE IF NOT EXISTS "
                + target
                + " ("
                + columns
                + ") USING iceberg PARTITIONED BY ("
                + IcebergTables.transform(grain, column)
                + ") TBLPROPERTIES ('format-version' = '2',"
                // A partition's rows arrive in one task: no shuffle to cluster them.
                + " 'write.distribution-mode' = 'none', 'write.spark.fanout.enabled' = 'true',"
                // Parallel tasks commit to branches of one table: each commit may lose the
                // optimistic race to another several times (Iceberg's default is 4 retries,
                // which --max-parallel 4 exhausted in `bench spark`).
                + " 'commit.retry.num-retries' = '20')";
        // Two workers may create the table at once: the loser finds the winner's.
        tables.createIfMissing(tables.tableName(target), () -> tables.session().sql(create));
      }
      Table table = tables.loadQualified(target);
      Snapshot current = table.currentSnapshot();
      if (current == null) {
        table.newAppend().commit();
        table.refresh();
      }
      return table;
    }
  }

  private static void checkCancelled(StageRequest request, Cancellation cancellation) {
    if (cancellation.isCancelled()) {
      throw new EngineException(
          SparkErrors.where(request) + ": cancelled: " + cancellation.reason(), true, null);
    }
  }
}
