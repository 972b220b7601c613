package io.partita.config;

import java.time.Duration;

/**
 * The {@code schedule:} section, validated at load (the cron parses, lookback <= max_catchup); run
 * by {@code io.partita.schedule.Scheduler}.
 */
public record ScheduleSpec(
    String cron, boolean catchup, int maxCatchup, Duration watermarkDelay, int lookback) {}
