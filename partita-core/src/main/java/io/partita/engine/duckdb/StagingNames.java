package io.partita.engine.duckdb;

import io.partita.engine.StageRequest;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names of staging tables. Each stage call gets its own table, so concurrent stages never create or
 * drop the same catalog entry (which DuckDB would report as a write-write conflict).
 */
final class StagingNames {
  /**
   * An in-memory database attached to the warehouse: staging tables (and overlay views) never reach
   * the warehouse file or its WAL, so staging costs no disk sync; a crash loses only what was not
   * yet published, which the run recomputes. A two-part name {@code "_partita_stage"."t"} resolves
   * to this database's {@code main} schema.
   */
  static final String SCHEMA = "_partita_stage";

  private static final int MAX_PART_LENGTH = 40;

  private final String engineToken;
  private final AtomicLong sequence = new AtomicLong();

  /**
   * {@code engineToken} separates the tables of two engine instances (e.g. before and after a
   * crash).
   */
  StagingNames(String engineToken) {
    this.engineToken = sanitize(engineToken);
  }

  /**
   * {@code _partita_stage."features__2025_03_01__run_ab12__a1__k3f9__7"}: readable for a user who
   * inspects quarantined data, unique thanks to the engine token and sequence number.
   */
  TableName next(StageRequest request) {
    String name =
        String.join(
            "__",
            sanitize(request.asset()),
            sanitize(request.partition().key()),
            sanitize(request.runId()),
            "a" + request.attempt(),
            engineToken,
            Long.toString(sequence.incrementAndGet()));
    return new TableName(SCHEMA, name);
  }

  static String sanitize(String text) {
    String clean = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return clean.length() > MAX_PART_LENGTH ? clean.substring(0, MAX_PART_LENGTH) : clean;
  }
}
