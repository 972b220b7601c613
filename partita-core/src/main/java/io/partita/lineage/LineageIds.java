package io.partita.lineage;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * OpenLineage run ids derived from Partita's own ids (name-based UUID v3), so that a resumed or
 * re-emitting process reports the same ids for the same run and attempt.
 */
public final class LineageIds {
  private LineageIds() {}

  /** The id of one attempt of one task. */
  public static UUID attempt(String runId, String asset, String partition, int attempt) {
    return UUID.nameUUIDFromBytes(
        ("partita-task\u0000"
                + runId
                + "\u0000"
                + asset
                + "\u0000"
                + partition
                + "\u0000"
                + attempt)
            .getBytes(StandardCharsets.UTF_8));
  }

  /** The id of the backfill or scheduled run itself: the parent of its task attempts. */
  public static UUID run(String runId) {
    return UUID.nameUUIDFromBytes(("partita-run\u0000" + runId).getBytes(StandardCharsets.UTF_8));
  }
}
