package io.partita.bench;

import io.partita.state.TaskRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** Time per partition of the full check set, against the same write without checks. */
final class ChecksBenchmark implements Benchmark {
  /** Days 4 to 12 are measured: nine partitions, as two were too few on a shared machine. */
  private static final int DAYS = 12;

  @Override
  public String name() {
    return "checks";
  }

  @Override
  public String description() {
    return "11 checks on 1,000,000-row partitions vs the same write without checks";
  }

  @Override
  public BenchResult run(BenchOptions options, PrintStream out) throws Exception {
    String model =
        """
        select {{ start }} as d, i as entity_id, (hash(i, {{ start }}) % 1000)::double as amount,
               case when i % 1000 = 0 then null else 'k' || (i % 7) end as category
        from range(ROWS) t(i)
        """
            .replace("ROWS", String.valueOf(options.checkRows()));
    BenchProject project =
        BenchProject.create(
            "checks",
            Map.of(
                "models/plain.sql",
                model,
                "models/checked.sql",
                model,
                "models/read_test.sql",
                "select category, avg(amount) from {{ this }} group by category\n",
                "partita.yaml",
                """
                name: check_bench
                partitions: {grain: day, start: 2024-01-01}
                defaults: {time_column: d, retries: 0, concurrency: 1}
                assets:
                  plain:
                    sql: models/plain.sql
                  checked:
                    sql: models/checked.sql
                    checks:
                      - row_count: {min: 1, ratio_vs_trailing: [0.5, 2.0]}
                      - not_null: {columns: [entity_id], max_rate: 0.0}
                      - null_spike: {columns: [category], max_increase_pp: 5}
                      - unique: {columns: [entity_id, d]}
                      - accepted_values: {column: category, values: [k0, k1, k2, k3, k4, k5, k6]}
                      - range: {column: amount, min: 0, max: 1000}
                      - drift: {column: amount, metric: psi, warn: 0.1, fail: 0.2}
                      - schema: {}
                      - reconcile: {with: plain, expr: "count(*)", tolerance: 0}
                      - sql: "select count(*) = 0 from {{ this }} where amount < 0"
                      - read_test: models/read_test.sql
                """));
    BenchProject.Timed timed =
        project.backfill("checks", String.format("2024-01-01..2024-01-%02d", DAYS), 1);
    // Skip the first days: drift and trailing checks need history, so the later days run every
    // check.
    long plain = 0;
    long checked = 0;
    int measured = 0;
    for (TaskRecord task : timed.result().tasks()) {
      if (task.partition().compareTo("2024-01-04") < 0) {
        continue;
      }
      long millis =
          Duration.between(task.startedAt().orElseThrow(), task.finishedAt().orElseThrow())
              .toMillis();
      if (task.asset().equals("plain")) {
        plain += millis;
        measured++;
      } else {
        checked += millis;
      }
    }
    long plainPer = plain / measured;
    long checkedPer = checked / measured;
    double added = 100.0 * (checked - plain) / Math.max(1, plain);
    out.printf(
        "checks: %,d-row partitions, 11 checks (row_count, not_null, null_spike, unique,"
            + " accepted_values, range, drift psi, schema, reconcile, sql, read_test)%n",
        options.checkRows());
    out.printf(
        "  write alone %d ms/partition, write + checks %d ms/partition: checks add %.0f%%%n",
        plainPer, checkedPer, added);
    return BenchResult.named(name())
        .parameter("rows_per_partition", options.checkRows())
        .parameter("checks", 11)
        .parameter("measured_partitions", measured)
        .figure("write_ms_per_partition", plainPer)
        .figure("write_and_checks_ms_per_partition", checkedPer)
        .figure("checks_added_percent", added);
  }
}
