package io.partita.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.PartitaException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesEachUnitAndCombinations() {
    assertThat(Durations.parse("d", "2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("d", "6h")).isEqualTo(Duration.ofHours(6));
    assertThat(Durations.parse("d", "30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse("d", "45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Durations.parse("d", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("d", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("d", "0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void formatIsTheInverseOfParse() {
    for (String text : new String[] {"2d", "6h", "1h30m", "45s", "0", "1d2h3m4s"}) {
      assertThat(Durations.format(Durations.parse("d", text))).isEqualTo(text);
    }
  }

  @Test
  void negativeDurationIsRejected() {
    assertThatThrownBy(() -> Durations.parse("watermark_delay", "-2d"))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "'watermark_delay': durations cannot be negative '-2d': write a number with a unit,"
                + " like 2d, 6h, 30m or 45s");
  }

  @Test
  void durationWithoutUnitIsRejected() {
    assertThatThrownBy(() -> Durations.parse("timeout", "90"))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "'timeout': unreadable duration '90': write a number with a unit, like 2d, 6h, 30m or"
                + " 45s");
  }

  @Test
  void durationLongerThanHundredYearsIsRejected() {
    assertThat(Durations.parse("timeout", "36500d")).isEqualTo(Durations.MAX);
    assertThatThrownBy(() -> Durations.parse("--retention", "106751991167300d"))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "'--retention': duration '106751991167300d' is too large: at most 36500d (100 years)");
    assertThatThrownBy(() -> Durations.parse("retry_backoff", "36500d1s"))
        .hasMessageContaining("'retry_backoff': duration '36500d1s' is too large");
  }
}
