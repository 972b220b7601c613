package io.partita.engine;

import java.time.Instant;

/** A publish that committed, from the warehouse's own log. */
public record PublishedPartition(String runId, String asset, String partition, int attempt, long rows, Instant publishedAt) {}
