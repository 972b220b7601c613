package io.partita.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** schema, reconcile, sql and read_test: checks that read other relations or user SQL. */
class RelationChecksTest {
  private final DuckDbCheckContext context = new DuckDbCheckContext();

  @AfterEach
  void close() throws Exception {
    context.close();
  }

  private void stagedIdsAndAmounts() {
    context.execute(
        "create table staged as select i::bigint as id, i * 1.5 as amount,"
            + " TIMESTAMP '2024-12-10' as ts from range(1, 11) t(i)");
  }

  @Test
  void schemaMatchingTheLiveRelationPasses() {
    stagedIdsAndAmounts();
    context.execute("create table live as select * from staged limit 0").withLive();

    CheckResult result = Checks.create("schema").evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(result.message()).isEqualTo("schema: 3 columns match the live relation");
  }

  @Test
  void schemaChangeFailsUnlessAllowed() {
    stagedIdsAndAmounts();
    context
        .execute(
            "create table live as select id::integer as \"ID\", amount, ts, 'x'::varchar as note"
                + " from staged limit 0")
        .withLive();

    CheckResult strict = Checks.create("schema").evaluate(context);
    CheckResult allowed = Checks.create("schema", "allow_schema_change", true).evaluate(context);

    assertThat(strict.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(strict.metric()).contains(2.0);
    assertThat(strict.message())
        .isEqualTo(
            "schema: 2 differences from the live relation: type of ID INTEGER -> BIGINT; missing"
                + " note VARCHAR");
    assertThat(allowed.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(allowed.message()).endsWith("(allowed by allow_schema_change)");
  }

  @Test
  void schemaIsSkippedBeforeTheFirstPublish() {
    stagedIdsAndAmounts();

    CheckResult result = Checks.create("schema").evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(result.message())
        .isEqualTo("schema: skipped: nothing published yet to compare with");
  }

  /** Upstream has 12 distinct ids on 2024-12-10 and unrelated rows on other days. */
  private void upstreamWith12Entities() {
    context
        .execute(
            "create table upstream as select i as id, TIMESTAMP '2024-12-10' as ts"
                + " from range(1, 13) t(i)",
            "insert into upstream select 99, TIMESTAMP '2024-12-11'")
        .withUpstream("staging_events", "upstream");
  }

  @Test
  void reconcileComparesWithTheUpstreamPartition() {
    stagedIdsAndAmounts();
    upstreamWith12Entities();

    CheckResult exact =
        Checks.create("reconcile", "with", "staging_events", "expr", "count(distinct id)")
            .evaluate(context);
    CheckResult loose =
        Checks.create(
                "reconcile",
                "with",
                "staging_events",
                "expr",
                "count(distinct id)",
                "tolerance_pct",
                20)
            .evaluate(context);

    assertThat(exact.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(exact.metric()).contains(-2.0);
    assertThat(exact.metrics()).isEqualTo(Map.of("reconcile:staging_events", -2.0));
    assertThat(exact.message())
        .isEqualTo(
            "reconcile(staging_events): count(distinct id) is 10.0 here and 12.0 in"
                + " staging_events: differ by 2.0, not within 0.0");
    // |10 - 12| / 12 = 16.67% <= 20%
    assertThat(loose.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(loose.message()).endsWith("differ by 16.6667%, within 20.0%");
  }

  @Test
  void reconcileComparesTheWholeDependencyWindow() {
    stagedIdsAndAmounts();
    // 4 ids on each of 12-08, 12-09, 12-10 (12 in the window [-2, 0]) and one on 12-07, outside it.
    context
        .execute(
            "create table upstream as select i as id, TIMESTAMP '2024-12-08' + to_days(cast(i % 3 as integer)) as ts"
                + " from range(1, 13) t(i)",
            "insert into upstream select 99, TIMESTAMP '2024-12-07'")
        .withUpstream("staging_events", "upstream")
        .withUpstreamWindow("staging_events", -2, 0);

    CheckResult result =
        Checks.create("reconcile", "with", "staging_events", "expr", "count(distinct id)")
            .evaluate(context);

    // 10 staged ids vs 12 upstream over D-2..D; comparing day D alone would have seen 4.
    assertThat(result.message()).contains("is 10.0 here and 12.0 in staging_events");
  }

  @Test
  void reconcileIsSkippedWithoutUpstreamData() {
    stagedIdsAndAmounts();

    CheckResult result =
        Checks.create("reconcile", "with", "staging_events", "expr", "count(*)").evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(result.message())
        .isEqualTo(
            "reconcile(staging_events): skipped: staging_events has no data for the partitions"
                + " 2024-12-10 reads");
  }

  @Test
  void sqlCheckPassesOnTrueAndFailsOnFalse() {
    stagedIdsAndAmounts();

    CheckResult passing =
        Checks.create("sql", "query", "select count(*) = 0 from {{ this }} where amount < 0")
            .evaluate(context);
    CheckResult failing =
        Checks.create(
                "sql",
                "query",
                "select count(*) = 0 from {{this}} where amount > 10",
                "name",
                "small_amounts")
            .evaluate(context);

    assertThat(passing.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(passing.message()).isEqualTo("sql: returned true");
    assertThat(failing.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failing.message()).isEqualTo("small_amounts: returned false");
  }

  @Test
  void sqlCheckThatDoesNotReturnOneBooleanFails() {
    stagedIdsAndAmounts();

    CheckResult number =
        Checks.create("sql", "query", "select count(*) from {{ this }}").evaluate(context);
    CheckResult rows =
        Checks.create("sql", "query", "select id > 0 from {{ this }}").evaluate(context);
    CheckResult broken =
        Checks.create("sql", "query", "select nope from {{ this }}").evaluate(context);

    assertThat(number.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(number.message()).isEqualTo("sql: must return one boolean, got Long 10");
    assertThat(rows.message())
        .isEqualTo(
            "sql: must return exactly one row with one boolean column, got 10 rows of 1 columns");
    assertThat(broken.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(broken.message()).startsWith("sql: query failed: Query failed:").contains("nope");
  }

  @Test
  void readTestMustRunAndReturnRows() {
    stagedIdsAndAmounts();
    Map<String, String> readable =
        Map.of("file", "select id, amount from {{ this }} where id > 5;\n");
    Map<String, String> empty = Map.of("file", "select id from {{ this }} where id > 1000");
    Map<String, String> broken = Map.of("file", "select missing_column from {{ this }}");

    CheckResult passing =
        Checks.create("read_test", readable, "file", "tests/read.sql").evaluate(context);
    CheckResult noRows =
        Checks.create("read_test", empty, "file", "tests/read.sql").evaluate(context);
    CheckResult failing =
        Checks.create("read_test", broken, "file", "tests/read.sql", "severity", "warn")
            .evaluate(context);

    assertThat(passing.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(passing.message())
        .isEqualTo("read_test(tests/read.sql): tests/read.sql returned 5 rows");
    assertThat(noRows.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(noRows.message())
        .isEqualTo("read_test(tests/read.sql): tests/read.sql returned no rows");
    assertThat(failing.outcome()).isEqualTo(Outcome.WARNED);
    assertThat(failing.message()).contains("tests/read.sql failed:").contains("missing_column");
  }
}
