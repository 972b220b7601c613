package io.partita.engine.spark;

import org.apache.spark.sql.SparkSession;

/** Small counting queries the publisher and the log run on the engine's session. */
final class SparkRows {
  private final SparkSession session;

  SparkRows(SparkSession session) {
    this.session = session;
  }

  long count(String relation, String where) {
    return session.sql("SELECT count(*) FROM " + relation + " WHERE " + where).first().getLong(0);
  }

  /** Rows of {@code target} matching {@code window} as of snapshot {@code snapshotId}. */
  long countAt(String target, long snapshotId, String window) {
    return count(target + " VERSION AS OF " + snapshotId, window);
  }
}
