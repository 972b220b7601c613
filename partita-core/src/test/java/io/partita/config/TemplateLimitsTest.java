package io.partita.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.model.Grain;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Templates cannot render forever or without bound: loops have a time limit, output a size. */
class TemplateLimitsTest {
  private static final String THREE_LOOPS_DEEP =
      "select 1 {% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}"
          + "{% endfor %}{% endfor %}{% endfor %}";

  private static TemplateContext context() {
    return new TemplateContext(
        Grain.DAY.parseKey("2025-03-01"),
        asset -> "main." + asset,
        "main.features",
        Path.of("/projects/demo"),
        "run-42");
  }

  @Test
  void runawayTemplateIsStopped() {
    SqlTemplates templates = new SqlTemplates(Duration.ofMillis(500));
    long started = System.nanoTime();

    assertThatThrownBy(() -> templates.renderSql("models/runaway.sql", THREE_LOOPS_DEEP, context()))
        .isInstanceOfSatisfying(
            PartitaException.class,
            error -> assertThat(error.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageStartingWith("models/runaway.sql: template rendering took longer than 500ms")
        .hasMessageContaining("and was stopped: reduce its loops");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void runawayCommandArgumentIsStopped() {
    SqlTemplates templates = new SqlTemplates(Duration.ofMillis(500));

    assertThatThrownBy(
            () -> templates.renderArguments(java.util.List.of(THREE_LOOPS_DEEP), context()))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("command argument 1")
        .hasMessageContaining("template rendering took longer than");
  }

  @Test
  void defaultTimeLimitIsFiveSeconds() {
    assertThat(SqlTemplates.RENDER_TIME_LIMIT).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void hugeOutputIsRefused() {
    SqlTemplates templates = new SqlTemplates();
    String template =
        "{% for a in range(1000) %}{% for b in range(1000) %}"
            + "{{ '"
            + "x".repeat(1000)
            + "' }}{% endfor %}{% endfor %}";

    assertThatThrownBy(() -> templates.renderSql("models/big.sql", template, context()))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("models/big.sql")
        .hasMessage(
            "models/big.sql: template output, or a string it builds, is larger than 10000000"
                + " characters: reduce its loops");
  }

  @Test
  void ordinaryLoopsStillRender() {
    SqlTemplates templates = new SqlTemplates();

    String sql =
        templates.renderSql(
            "models/union.sql",
            "{% for i in range(3) %}select {{ i }}{% if not loop.last %} union all {% endif %}"
                + "{% endfor %}",
            context());

    assertThat(sql).isEqualTo("select 0 union all select 1 union all select 2");
  }

  @Test
  void recursiveMacroEndsAtOnce() {
    SqlTemplates templates = new SqlTemplates();
    String template = "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}select {{ down(0) }}";
    long started = System.nanoTime();

    String sql = templates.renderSql("models/recursive.sql", template, context());

    // jinjava refuses the recursive call (macro recursion is off) and renders it as nothing.
    assertThat(sql).isEqualTo("select ");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void hugeStringBuiltInALoopIsRefused() {
    SqlTemplates templates = new SqlTemplates();
    // Doubling 40 times would build a string of 2^40 characters before printing only its length.
    String template =
        "{% set s = 'x' %}{% for i in range(40) %}{% set s = s ~ s %}{% endfor %}"
            + "select {{ s|length }}";

    assertThatThrownBy(() -> templates.renderSql("models/string.sql", template, context()))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith(
            "models/string.sql: template output, or a string it builds, is larger");
  }
}
