package io.partita.bench;

import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** TPC-H {@code lineitem} generated in this process and appended to a DuckDB file. */
final class TpchLineitem {
  private TpchLineitem() {}

  /** Creates table {@code lineitem} in {@code file} at {@code scale}; returns the row count. */
  static long load(Path file, double scale) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          create table lineitem_raw (l_orderkey bigint, l_partkey bigint, l_suppkey bigint, l_linenumber integer,
            l_quantity bigint, l_extendedprice double, l_discount double, l_tax double, l_returnflag varchar,
            l_linestatus varchar, ship integer, commit integer, receipt integer, l_shipinstruct varchar,
            l_shipmode varchar, l_comment varchar)\
          """);
      long rows = 0;
      try (DuckDBAppender appender =
          connection.unwrap(DuckDBConnection.class).createAppender("main", "lineitem_raw")) {
        for (LineItem item : new LineItemGenerator(scale, 1, 1)) {
          appender
              .beginRow()
              .append(item.getOrderKey())
              .append(item.getPartKey())
              .append(item.getSupplierKey())
              .append(item.getLineNumber())
              .append(item.getQuantity())
              .append(item.getExtendedPrice())
              .append(item.getDiscount())
              .append(item.getTax())
              .append(item.getReturnFlag())
              .append(item.getStatus())
              .append(item.getShipDate())
              .append(item.getCommitDate())
              .append(item.getReceiptDate())
              .append(item.getShipInstructions())
              .append(item.getShipMode())
              .append(item.getComment())
              .endRow();
          rows++;
        }
      }
      // The generator gives dates as days since 1970-01-01. Stored in shipping-date order, as a
      // time-partitioned source usually is (rows arrive by day): the bare loop and Partita read the
      // same file, and a day's query reads only the row groups holding that day.
      statement.execute(
          """
          create table lineitem as
          select l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice, l_discount, l_tax,
                 l_returnflag, l_linestatus, date '1970-01-01' + ship as l_shipdate,
                 date '1970-01-01' + commit as l_commitdate, date '1970-01-01' + receipt as l_receiptdate,
                 l_shipinstruct, l_shipmode, l_comment
          from lineitem_raw
          order by ship, l_orderkey, l_linenumber\
          """);
      statement.execute("drop table lineitem_raw");
      statement.execute("checkpoint");
      return rows;
    }
  }
}
