package io.partita.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.PartitaException;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SqlTemplatesTest {
  private static final Path PROJECT = Path.of("/projects/demo");
  private final SqlTemplates templates = new SqlTemplates();

  private static TemplateContext context(String key, Grain grain) {
    return new TemplateContext(
        grain.parseKey(key), asset -> "main." + asset, "main.features", PROJECT, "run-42");
  }

  @Test
  void rendersDayWindowAsDateLiterals() {
    String sql =
        templates.renderSql(
            "models/features.sql",
            "select * from t where d >= {{ start }} and d < {{ end }} and k = '{{ partition }}'\n",
            context("2025-03-01", Grain.DAY));

    assertThat(sql)
        .isEqualTo(
            "select * from t where d >= DATE '2025-03-01' and d < DATE '2025-03-02'"
                + " and k = '2025-03-01'\n");
  }

  @Test
  void rendersHourWindowAsTimestampLiterals() {
    String sql =
        templates.renderSql(
            "models/hourly.sql",
            "where ts >= {{ start }} and ts < {{ end }} -- {{ partition }}",
            context("2025-03-01T23", Grain.HOUR));

    assertThat(sql)
        .isEqualTo(
            "where ts >= TIMESTAMP '2025-03-01 23:00:00' and ts < TIMESTAMP '2025-03-02 00:00:00'"
                + " -- 2025-03-01T23");
  }

  @Test
  void rendersMonthWindowAsDateLiterals() {
    String sql =
        templates.renderSql("m.sql", "{{ start }}..{{ end }}", context("2025-02", Grain.MONTH));

    assertThat(sql).isEqualTo("DATE '2025-02-01'..DATE '2025-03-01'");
  }

  @Test
  void refThisProjectDirAndRunIdComeFromTheContext() {
    String sql =
        templates.renderSql(
            "models/features.sql",
            "insert into {{ this }} select * from {{ ref('staging_events') }} join {{"
                + " ref(\"raw_events\") }} /* {{ project_dir }} {{ run_id }} */",
            context("2025-03-01", Grain.DAY));

    assertThat(sql)
        .isEqualTo(
            "insert into main.features select * from main.staging_events join main.raw_events"
                + " /* "
                + PROJECT.toAbsolutePath().normalize()
                + " run-42 */");
  }

  @Test
  void plainTemplatesRenderAsJinjavaRendersThem() {
    // A leading comment makes jinjava render the same text: the reference output.
    List<String> plain =
        List.of(
            "select {{ start }} as date, 1 as x\n",
            "select {{start}},{{  end  }}{{ partition }}\r\n\r\n",
            "insert into {{ this }} select * from {{ ref('a_1') }} join {{ ref(\"b\") }}\n\n",
            "-- déjà vu {{ run_id }} {{ project_dir }} $1 \\ {",
            "{ {start} } {{ start }}}",
            "",
            "no expressions at all\n");
    java.util.Set<String> names =
        java.util.Set.of("start", "end", "partition", "this", "project_dir", "run_id");
    for (String template : plain) {
      assertThat(PlainTemplate.parse(template, names)).as(template).isPresent();
      TemplateContext context = context("2025-03-01", Grain.DAY);
      assertThat(templates.renderSql("m.sql", template, context))
          .as(template)
          .isEqualTo(templates.renderSql("m.sql", "{# reference #}" + template, context));
    }
  }

  @Test
  void filtersTagsAndUnknownNamesStillGoThroughJinjava() {
    TemplateContext context = context("2025-03-01", Grain.DAY);
    assertThat(templates.renderSql("m.sql", "{{ partition | replace('-', '') }}", context))
        .isEqualTo("20250301");
    assertThat(templates.renderSql("m.sql", "{% if true %}{{ start }}{% endif %}", context))
        .isEqualTo("DATE '2025-03-01'");
    assertThat(templates.renderSql("m.sql", "a {{- start -}} b", context))
        .isEqualTo(templates.renderSql("m.sql", "{# reference #}a {{- start -}} b", context));
    for (String template :
        List.of("{{ partition | replace('-', '') }}", "{% if true %}{% endif %}", "{{ strat }}")) {
      assertThat(PlainTemplate.parse(template, java.util.Set.of("partition"))).isEmpty();
    }
    assertThatThrownBy(() -> templates.renderSql("m.sql", "{{ start }} {{ strat }}", context))
        .hasMessageContaining("unknown variable or filter in '{{ strat }}'");
  }

  @Test
  void unknownVariableIsAnErrorNamingFileAndLine() {
    assertThatThrownBy(
            () ->
                templates.renderSql(
                    "models/features.sql",
                    "select 1\nwhere d >= {{ strat }}",
                    context("2025-03-01", Grain.DAY)))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "models/features.sql:2: unknown variable or filter in '{{ strat }}': use start, end,"
                + " partition, ref('asset'), this, project_dir or run_id");
  }

  @Test
  void syntaxErrorNamesFileAndLine() {
    assertThatThrownBy(
            () ->
                templates.renderSql(
                    "models/broken.sql", "select 1\n\n{% if %}", context("2025-03-01", Grain.DAY)))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("models/broken.sql:3: Syntax error in '{% if %}'");
  }

  @Test
  void refResolverErrorReachesTheCallerWithTheTemplateLine() {
    TemplateContext context =
        new TemplateContext(
            Grain.DAY.parseKey("2025-03-01"),
            asset -> {
              throw PartitaException.user("Unknown asset '%s'", asset);
            },
            "main.features",
            PROJECT,
            "run-1");

    assertThatThrownBy(
            () -> templates.renderSql("models/f.sql", "select\n* from {{ ref('nope') }}", context))
        .isInstanceOf(PartitaException.class)
        .hasMessage("models/f.sql:2: Unknown asset 'nope'");
  }

  @Test
  void rendersArgumentsWithIsoWindowBounds() {
    List<String> argv =
        templates.renderArguments(
            List.of(
                "python3",
                "scripts/train_set.py",
                "--start",
                "{{ start }}",
                "--end",
                "{{ end }}",
                "--in",
                "{{ ref('features') }}",
                "--run",
                "{{ run_id }}"),
            context("2025-03-01", Grain.DAY));

    assertThat(argv)
        .containsExactly(
            "python3",
            "scripts/train_set.py",
            "--start",
            "2025-03-01",
            "--end",
            "2025-03-02",
            "--in",
            "main.features",
            "--run",
            "run-42");
  }

  @Test
  void rendersHourArgumentsWithTimeOfDay() {
    List<String> argv =
        templates.renderArguments(
            List.of("{{ start }}", "{{ end }}", "{{ partition }}"),
            context("2025-03-01T05", Grain.HOUR));

    assertThat(argv).containsExactly("2025-03-01T05:00:00", "2025-03-01T06:00:00", "2025-03-01T05");
  }

  @Test
  void unknownVariableInArgumentNamesTheArgument() {
    assertThatThrownBy(
            () ->
                templates.renderArguments(
                    List.of("python3", "--start={{ strat }}"), context("2025-03-01", Grain.DAY)))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith(
            "command argument 2 '--start={{ strat }}': unknown variable or filter in '{{ strat"
                + " }}'");
  }

  @Test
  void concurrentRendersDoNotMixTheirContexts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        PartitionKey key =
            PartitionKey.containing(Grain.DAY, java.time.LocalDate.of(2025, 1, 1).atStartOfDay())
                .plus(n);
        TemplateContext context =
            new TemplateContext(key, asset -> asset + "_" + n, "t" + n, PROJECT, "run-" + n);
        results.add(
            pool.submit(
                () ->
                    templates.renderSql(
                        "m.sql",
                        "{{ ref('a') }} {{ this }} {{ run_id }} {{ partition }}",
                        context)));
      }
      for (int i = 0; i < results.size(); i++) {
        String key = java.time.LocalDate.of(2025, 1, 1).plusDays(i).toString();
        assertThat(results.get(i).get()).isEqualTo("a_" + i + " t" + i + " run-" + i + " " + key);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
