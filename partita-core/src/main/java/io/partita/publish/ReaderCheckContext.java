package io.partita.publish;

import io.partita.check.CheckContext;
import io.partita.engine.Column;
import io.partita.engine.QueryResult;
import io.partita.engine.SqlDialect;
import io.partita.engine.WarehouseReader;
import java.util.List;

/**
 * The part of a {@link CheckContext} a warehouse reader answers: describe, dialect, and queries of
 * at most 10,000 rows.
 */
abstract class ReaderCheckContext implements CheckContext {
  static final int MAX_ROWS = 10_000;

  private final WarehouseReader reader;

  ReaderCheckContext(WarehouseReader reader) {
    this.reader = reader;
  }

  @Override
  public List<Column> describe(String relationOrQuery) {
    return reader.describe(relationOrQuery);
  }

  @Override
  public SqlDialect dialect() {
    return reader.dialect();
  }

  @Override
  public QueryResult query(String sql) {
    return reader.query(sql, MAX_ROWS);
  }
}
