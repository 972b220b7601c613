package io.partita.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.config.Dependency;
import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.PartitionSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner on pipelines loaded from real files: edges, reasons, mappings, selection, order. */
class PlannerTest {
  static final String HEADER =
      """
      name: planner_test
      partitions: {grain: day, start: 2025-01-01}
      defaults: {time_column: event_date}
      assets:
        raw_events:
          sql: models/raw_events.sql
        staging_events:
          sql: models/staging_events.sql
        features:
          sql: models/features.sql
          depends_on: [{asset: staging_events, window: [-2, 0]}]
      """;

  static final PartitionStates ALL_MATERIALIZED =
      new PartitionStates() {
        @Override
        public boolean isMaterialized(String asset, PartitionKey partition) {
          return true;
        }

        @Override
        public boolean isFailed(String asset, PartitionKey partition) {
          return false;
        }
      };

  @TempDir Path dir;

  Pipeline load(String extraAssets) throws IOException {
    write(
        "partita.yaml",
        HEADER
            + extraAssets
                .stripIndent()
                .lines()
                .map(l -> "  " + l + "\n")
                .reduce("", String::concat));
    write("models/raw_events.sql", "select 1 as x, {{ start }} as event_date\n");
    write("models/staging_events.sql", "select * from {{ ref('raw_events') }}\n");
    write("models/features.sql", "select * from {{ ref('staging_events') }}\n");
    write("models/summary.sql", "select * from {{ ref('features') }}\n");
    return PipelineLoader.load(dir);
  }

  void write(String path, String text) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  static PlanRequest request(List<String> assets, String partitions, Grain grain, Order order) {
    return new PlanRequest(assets, PartitionSet.parse(partitions, grain), Reprocess.ALL, order);
  }

  static String name(TaskNode task) {
    return task.asset() + " " + task.partition().key();
  }

  static List<String> upstreamOf(Plan plan, String asset, String partition) {
    TaskNode task =
        plan.tasks().stream()
            .filter(t -> name(t).equals(asset + " " + partition))
            .findFirst()
            .orElseThrow();
    return Arrays.stream(task.upstream()).mapToObj(id -> name(plan.tasks().get(id))).toList();
  }

  @Test
  void windowMapsADayToItsTrailingDaysClippedAtThePipelineStart() throws IOException {
    Pipeline pipeline = load("");
    Planner planner = new Planner(pipeline);
    Dependency window = pipeline.asset("features").dependencies().get(0);

    assertThat(planner.upstreamKeys(window, Grain.DAY.parseKey("2025-01-01")))
        .extracting(PartitionKey::key)
        .containsExactly("2025-01-01");
    assertThat(planner.upstreamKeys(window, Grain.DAY.parseKey("2025-01-02")))
        .extracting(PartitionKey::key)
        .containsExactly("2025-01-01", "2025-01-02");
    assertThat(planner.upstreamKeys(window, Grain.DAY.parseKey("2025-03-01")))
        .extracting(PartitionKey::key)
        .containsExactly("2025-02-27", "2025-02-28", "2025-03-01");
  }

  @Test
  void edgesCarryTheDependencyTheyCameFrom() throws IOException {
    Pipeline pipeline = load("");
    Plan plan =
        new Planner(pipeline)
            .plan(
                request(pipeline.assetNames(), "2025-01-01..2025-01-04", Grain.DAY, Order.ASC),
                PartitionStates.EMPTY);

    assertThat(upstreamOf(plan, "features", "2025-01-04"))
        .containsExactly(
            "staging_events 2025-01-02", "staging_events 2025-01-03", "staging_events 2025-01-04");
    assertThat(upstreamOf(plan, "features", "2025-01-01"))
        .containsExactly("staging_events 2025-01-01");
    assertThat(upstreamOf(plan, "staging_events", "2025-01-03"))
        .containsExactly("raw_events 2025-01-03");
    TaskNode features =
        plan.tasks().stream()
            .filter(t -> name(t).equals("features 2025-01-04"))
            .findFirst()
            .orElseThrow();
    Dependency edge =
        pipeline.asset("features").dependencies().get(features.upstreamDependency()[0]);
    assertThat(edge.mapping().describe()).isEqualTo("window [-2, 0]");
    assertThat(edge.reason()).startsWith("depends_on at partita.yaml:");
    TaskNode staging =
        plan.tasks().stream()
            .filter(t -> name(t).equals("staging_events 2025-01-03"))
            .findFirst()
            .orElseThrow();
    assertThat(
            pipeline
                .asset("staging_events")
                .dependencies()
                .get(staging.upstreamDependency()[0])
                .reason())
        .isEqualTo("ref('raw_events') in models/staging_events.sql");
  }

  @Test
  void forwardWindowBeyondTheRunNeedsMaterializedUpstream() throws IOException {
    Pipeline pipeline =
        load(
            """
            lookahead:
              sql: models/summary.sql
              depends_on: [{asset: features, window: [1, 1]}]
            """);
    Planner planner = new Planner(pipeline);
    PlanRequest request =
        request(List.of("features", "lookahead"), "2025-01-05..2025-01-06", Grain.DAY, Order.ASC);
    PlanRequest lookaheadOnly =
        request(List.of("lookahead"), "2025-01-05..2025-01-06", Grain.DAY, Order.ASC);

    assertThatThrownBy(() -> planner.plan(lookaheadOnly, PartitionStates.EMPTY))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining(
            "  features 2025-01-06, 2025-01-07 — needed by lookahead 2025-01-05 (window [1, 1], depends_on at partita.yaml:")
        .hasMessageContaining("Or include them in this run with --assets +lookahead");
    // With features selected, the day after the range that lookahead reads joins the run.
    PartitionStates stagingBuilt =
        new PartitionStates() {
          @Override
          public boolean isMaterialized(String asset, PartitionKey partition) {
            return !asset.equals("features") && !asset.equals("lookahead");
          }

          @Override
          public boolean isFailed(String asset, PartitionKey partition) {
            return false;
          }
        };
    Plan extended = planner.plan(request, stagingBuilt);
    assertThat(upstreamOf(extended, "lookahead", "2025-01-06"))
        .containsExactly("features 2025-01-07");
    assertThat(extended.tasks())
        .extracting(t -> t.asset() + " " + t.partition())
        .contains("features 2025-01-07");
    Plan plan = planner.plan(request, ALL_MATERIALIZED);
    assertThat(upstreamOf(plan, "lookahead", "2025-01-05")).containsExactly("features 2025-01-06");
    assertThat(upstreamOf(plan, "lookahead", "2025-01-06")).isEmpty();
  }

  @Test
  void dependsOnPastChainsEachPartitionToThePreviousOne() throws IOException {
    Pipeline pipeline =
        load(
            """
            balance:
              sql: models/summary.sql
              depends_on_past: true
            """);
    Planner planner = new Planner(pipeline);

    Plan fromStart =
        planner.plan(
            request(List.of("balance"), "2025-01-01..2025-01-03", Grain.DAY, Order.ASC),
            ALL_MATERIALIZED);

    assertThat(upstreamOf(fromStart, "balance", "2025-01-01")).isEmpty();
    assertThat(upstreamOf(fromStart, "balance", "2025-01-02"))
        .containsExactly("balance 2025-01-01");
    assertThat(upstreamOf(fromStart, "balance", "2025-01-03"))
        .containsExactly("balance 2025-01-02");
    PartitionStates onlyFeatures =
        new PartitionStates() {
          @Override
          public boolean isMaterialized(String asset, PartitionKey partition) {
            return asset.equals("features");
          }

          @Override
          public boolean isFailed(String asset, PartitionKey partition) {
            return false;
          }
        };
    assertThatThrownBy(
            () ->
                planner.plan(
                    request(List.of("balance"), "2025-01-05..2025-01-06", Grain.DAY, Order.ASC),
                    onlyFeatures))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining(
            "  balance 2025-01-04 — needed by balance 2025-01-05 (depends_on_past, depends_on_past at partita.yaml:");
  }

  @Test
  void allMappingReadsEveryUpstreamPartitionFromThePipelineStart() throws IOException {
    Pipeline pipeline =
        load(
            """
            totals:
              sql: models/raw_events.sql
              depends_on: [{asset: raw_events, mapping: all}]
            """);
    Planner planner = new Planner(pipeline);
    Dependency all = pipeline.asset("totals").dependencies().get(0);

    assertThat(planner.upstreamKeys(all, Grain.DAY.parseKey("2025-01-04")))
        .extracting(PartitionKey::key)
        .containsExactly("2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04");
    Plan plan =
        planner.plan(
            request(
                List.of("raw_events", "totals"), "2025-01-01..2025-01-03", Grain.DAY, Order.ASC),
            PartitionStates.EMPTY);
    assertThat(upstreamOf(plan, "totals", "2025-01-03"))
        .containsExactly("raw_events 2025-01-01", "raw_events 2025-01-02", "raw_events 2025-01-03");
  }

  @Test
  void selectionAddsDownstreamOrUpstreamInTopologicalOrder() throws IOException {
    Pipeline pipeline =
        load(
            """
            summary:
              sql: models/summary.sql
            """);

    assertThat(AssetSelection.resolve("features+", pipeline))
        .containsExactly("features", "summary");
    assertThat(AssetSelection.resolve("+features", pipeline))
        .containsExactly("raw_events", "staging_events", "features");
    assertThat(AssetSelection.resolve("+staging_events+", pipeline))
        .containsExactly("raw_events", "staging_events", "features", "summary");
    assertThat(AssetSelection.resolve("summary, raw_events", pipeline))
        .containsExactly("raw_events", "summary");
    assertThat(AssetSelection.resolve("", pipeline)).hasSize(4);
    assertThatThrownBy(() -> AssetSelection.resolve("featurs+", pipeline))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("Unknown asset 'featurs'")
        .hasMessageContaining("features");
  }

  @Test
  void hourlyUpstreamOfADailyAssetMapsTheDayToItsTwentyFourHours() throws IOException {
    Pipeline pipeline =
        load(
            """
            clicks:
              sql: models/raw_events.sql
              grain: hour
            daily_clicks:
              sql: models/summary.sql
              depends_on: [clicks]
            """);
    Planner planner = new Planner(pipeline);
    Dependency identity = pipeline.asset("daily_clicks").dependencies().get(0);

    List<PartitionKey> hours = planner.upstreamKeys(identity, Grain.DAY.parseKey("2025-01-02"));

    assertThat(hours).hasSize(24).allMatch(key -> key.grain() == Grain.HOUR);
    assertThat(hours.get(0).key()).isEqualTo("2025-01-02T00");
    assertThat(hours.get(23).key()).isEqualTo("2025-01-02T23");
    PlanRequest request = request(List.of("daily_clicks"), "2025-01-02", Grain.DAY, Order.ASC);
    assertThatThrownBy(() -> planner.plan(request, PartitionStates.EMPTY))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining("  clicks 2025-01-02T00, 2025-01-02T01,")
        .hasMessageContaining("… (24 in all) — needed by daily_clicks 2025-01-02");
    assertThat(planner.plan(request, ALL_MATERIALIZED).tasks())
        .extracting(PlannerTest::name)
        .containsExactly("daily_clicks 2025-01-02");
    assertThatThrownBy(() -> planner.grainOf(List.of("clicks", "daily_clicks")))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Assets 'clicks' (hour) and 'daily_clicks' (day) have different grains: backfill them with separate --assets selections");
  }

  @Test
  void hourRangesParseInclusiveAcrossMidnight() throws IOException {
    Pipeline pipeline =
        load(
            """
            clicks:
              sql: models/raw_events.sql
              grain: hour
            """);
    Plan plan =
        new Planner(pipeline)
            .plan(
                request(List.of("clicks"), "2025-01-01T22..2025-01-02T01", Grain.HOUR, Order.ASC),
                PartitionStates.EMPTY);

    assertThat(plan.partitionKeys())
        .containsExactly("2025-01-01T22", "2025-01-01T23", "2025-01-02T00", "2025-01-02T01");
    assertThatThrownBy(() -> PartitionSet.parse("2025-01-01..2025-01-02", Grain.HOUR))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Partition key '2025-01-01' is a day key but the asset is partitioned by hour: write it like '%s'",
            Grain.HOUR.example())
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
  }

  @Test
  void taskIdsAreTheStartOrderPartitionFirstThenLevel() throws IOException {
    Pipeline pipeline = load("");
    Planner planner = new Planner(pipeline);
    List<String> reversedSelection = List.of("features", "staging_events", "raw_events");

    Plan ascending =
        planner.plan(
            request(reversedSelection, "2025-01-01..2025-01-02", Grain.DAY, Order.ASC),
            PartitionStates.EMPTY);
    Plan descending =
        planner.plan(
            request(reversedSelection, "2025-01-01..2025-01-02", Grain.DAY, Order.DESC),
            PartitionStates.EMPTY);

    assertThat(ascending.tasks())
        .extracting(PlannerTest::name)
        .containsExactly(
            "raw_events 2025-01-01",
            "staging_events 2025-01-01",
            "features 2025-01-01",
            "raw_events 2025-01-02",
            "staging_events 2025-01-02",
            "features 2025-01-02");
    assertThat(descending.tasks())
        .extracting(PlannerTest::name)
        .containsExactly(
            "raw_events 2025-01-02",
            "staging_events 2025-01-02",
            "features 2025-01-02",
            "raw_events 2025-01-01",
            "staging_events 2025-01-01",
            "features 2025-01-01");
    for (Plan plan : List.of(ascending, descending)) {
      for (int i = 0; i < plan.size(); i++) {
        assertThat(plan.tasks().get(i).id()).isEqualTo(i);
      }
    }
  }
}
