package io.partita.engine.spark;

import io.partita.PartitaException;
import io.partita.engine.Column;
import io.partita.engine.QueryResult;
import io.partita.engine.SqlDialect;
import io.partita.engine.SqlStatements;
import io.partita.engine.WarehouseReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Read-only queries on the engine's session. Only text that Spark's parser reads as exactly one
 * query runs: commands (SET, CREATE, CALL, ...) and INSERTs are refused before anything runs, since
 * Spark has no transaction to roll them back.
 */
final class SparkReader implements WarehouseReader {
  private final SparkSession session;
  private final SparkSqlParser parser;

  SparkReader(SparkSession session, SparkSqlParser parser) {
    this.session = session;
    this.parser = parser;
  }

  @Override
  public QueryResult query(String sql, int maxRows) {
    Dataset<Row> rows = bind(sql);
    try {
      List<Row> collected = rows.limit(maxRows + 1).collectAsList();
      List<List<Object>> values = new ArrayList<>();
      for (Row row : collected.subList(0, Math.min(maxRows, collected.size()))) {
        List<Object> value = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
          value.add(row.get(i));
        }
        values.add(value);
      }
      return new QueryResult(Arrays.asList(rows.columns()), values, collected.size() > maxRows);
    } catch (Exception e) {
      throw PartitaException.user("Query failed: %s", SparkErrors.oneLine(e));
    }
  }

  @Override
  public List<Column> describe(String relationOrQuery) {
    String text = relationOrQuery.strip();
    StructType schema;
    if (SparkDialect.READ_KEYWORDS.contains(SparkSqlParser.keyword(text))) {
      schema = bind(text).schema();
    } else {
      try {
        schema = session.table(text).schema();
      } catch (Exception e) {
        throw PartitaException.user("Query failed: %s", SparkErrors.oneLine(e));
      }
    }
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(new Column(field.name(), field.dataType().sql()));
    }
    return columns;
  }

  @Override
  public SqlDialect dialect() {
    return SparkDialect.INSTANCE;
  }

  /** Parses, refuses anything but one query, and analyses: no rows are read yet. */
  private Dataset<Row> bind(String sql) {
    SqlStatements statements = parser.parse(sql);
    if (statements.syntaxError().isPresent()) {
      throw PartitaException.user("Query failed: %s", statements.syntaxError().get());
    }
    statements
        .notOneQuery(SparkDialect.READ_KEYWORDS)
        .ifPresent(
            problem -> {
              throw PartitaException.user(
                  "Query refused: the SQL %s%s; only one read-only query (SELECT, WITH, VALUES,"
                      + " FROM or TABLE) may run here, and nothing is written",
                  problem.description(),
                  sql.strip().contains("\n") ? " (line " + problem.line() + ")" : "");
            });
    try {
      return session.sql(SparkSqlParser.stripTrailingSemicolons(sql));
    } catch (Exception e) { // Spark's AnalysisException is checked to javac, but thrown anyway
      throw PartitaException.user("Query failed: %s", SparkErrors.oneLine(e));
    }
  }
}
