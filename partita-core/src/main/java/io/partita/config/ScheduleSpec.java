package io.partita.config;

import java.time.Duration;

/** The {@code schedule:} section. Parsed and validated now; run by the scheduler (a later issue). */
public record ScheduleSpec(String cron, boolean catchup, int maxCatchup, Duration watermarkDelay, int lookback) {}
