package io.partita.engine;

import java.time.Instant;

/**
 * A publish that committed, from the warehouse's own log; {@code target} is the physical table
 * written.
 */
public record PublishedPartition(
    String runId,
    String asset,
    String partition,
    int attempt,
    long rows,
    Instant publishedAt,
    String target) {}
