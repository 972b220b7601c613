package io.partita.lineage;

import io.partita.state.AuditEvent;
import io.partita.state.AuditQuery;
import io.partita.state.AuditRecord;
import io.partita.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Lineage of one partition from the audit log: the attempt that last wrote it (its inputs and the
 * runs that had written them), and the attempts that read it. Shared by {@code partita lineage} and
 * the dashboard's partition page.
 */
public final class PartitionLineage {
  private PartitionLineage() {}

  /** The latest successful END row of the partition: the write readers see now. */
  public static Optional<AuditRecord> lastWrite(StateStore state, String asset, String partition) {
    List<AuditRecord> rows = state.audit().list(AuditQuery.ofPartition(asset, partition));
    for (int i = rows.size() - 1; i >= 0; i--) {
      AuditRecord row = rows.get(i);
      if (row.event() == AuditEvent.END && row.status().equals("succeeded")) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  /**
   * The latest successful attempt of each partition that read {@code partition}, sorted by asset
   * and partition (readers finish in any order when runs are parallel).
   */
  public static List<AuditRecord> readers(StateStore state, String asset, String partition) {
    Map<String, AuditRecord> latest = new TreeMap<>();
    for (AuditRecord reader : state.audit().readersOf(asset, partition)) {
      if (reader.status().equals("succeeded")) {
        latest.put(reader.asset() + " " + reader.partition(), reader);
      }
    }
    return List.copyOf(latest.values());
  }
}
