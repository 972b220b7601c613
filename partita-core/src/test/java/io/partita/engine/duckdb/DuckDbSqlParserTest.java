package io.partita.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.SqlStatements;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DuckDB's parser decides what a model or a query is; nothing of the text runs. */
class DuckDbSqlParserTest {
  final DuckDbSqlParser parser = DuckDbSqlParser.standalone();

  Optional<SqlStatements.Problem> modelProblem(String sql) {
    return parser.parse(sql).notOneQuery(SqlStatements.MODEL_KEYWORDS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select 1",
        "select 1;",
        "select 1 ;\n  ;\n",
        "SELECT 1 -- a comment; with a semicolon\n",
        "with a as (select 1 as x) select * from a",
        "values (1), (2)",
        "from range(3)",
        "(select 1) union all (select 2)",
        "select 'a;b', \"c;d\" from (select 1 as \"c;d\")",
        "select $$ ; drop table x; $$",
        "select E'it\\'s; fine'",
        "/* leading; /* nested; */ comment */ select 1",
        "-- header; line\nselect * from read_csv('data/events.csv')"
      })
  void oneQueryIsAModel(String sql) {
    assertThat(modelProblem(sql)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "drop table x                                 | 1 | is a DROP statement",
        "copy (select 1) to 'x.csv'                   | 1 | is a COPY statement",
        "create table t as select 1                   | 1 | is a CREATE statement",
        "insert into t select 1                       | 1 | is an INSERT statement",
        "update t set a = 1                           | 1 | is an UPDATE statement",
        "attach 'x.db' as x                           | 1 | is an ATTACH statement",
        "use memory                                   | 1 | is a USE statement",
        "describe t                                   | 1 | is a DESCRIBE statement",
        "with a as (select 1) insert into t select * from a | 1 | starts with WITH but is not a"
            + " query",
        "select 1; select 2                           | 1 | is 2 statements (SELECT, SELECT)",
        "'-- x'                                       | 1 | is empty (no statement)"
      })
  void anythingElseIsNamed(String sql, int line, String description) {
    assertThat(modelProblem(sql)).contains(new SqlStatements.Problem(line, description));
  }

  @Test
  void severalStatementsPointAtTheFirstThatIsNotAQuery() {
    String model =
        "select 1 as a\nfrom range(3);\ndrop table if exists main.raw_events__v1;\nselect 1\n";

    assertThat(modelProblem(model))
        .contains(new SqlStatements.Problem(3, "is 3 statements (SELECT, DROP, SELECT)"));
  }

  @Test
  void severalQueriesPointAtTheSecond() {
    assertThat(modelProblem("select 1;\n\nselect 2"))
        .contains(new SqlStatements.Problem(3, "is 2 statements (SELECT, SELECT)"));
  }

  @Test
  void textThatDoesNotParseIsLeftToTheRunToReport() {
    SqlStatements statements = parser.parse("select 1; selec 2; drop table x");

    assertThat(statements.syntaxError())
        .hasValueSatisfying(message -> assertThat(message).contains("selec"));
    assertThat(statements.notOneQuery(SqlStatements.MODEL_KEYWORDS)).isEmpty();
  }

  @Test
  void queriesMayAlsoLookAtTheCatalog() {
    for (String sql : new String[] {"describe t", "show tables", "summarize t", "select 1"}) {
      assertThat(parser.parse(sql).notOneQuery(DuckDbDialect.READ_KEYWORDS)).as(sql).isEmpty();
    }
    assertThat(parser.parse("pragma version").notOneQuery(DuckDbDialect.READ_KEYWORDS))
        .contains(new SqlStatements.Problem(1, "is a PRAGMA statement"));
  }
}
