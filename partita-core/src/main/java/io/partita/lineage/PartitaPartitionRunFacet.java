package io.partita.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.openlineage.client.OpenLineage;
import io.partita.state.AuditTask;
import java.net.URI;
import java.util.Optional;

/**
 * The custom {@code partita_partition} run facet: which partition of which asset an attempt wrote,
 * and from which definition. Its JSON schema ships as {@code
 * io/partita/lineage/PartitaPartitionRunFacet.json} at {@link #SCHEMA_URL}.
 */
public final class PartitaPartitionRunFacet extends OpenLineage.DefaultRunFacet {
  public static final String NAME = "partita_partition";
  public static final URI SCHEMA_URL =
      URI.create(
          "https://partita.io/spec/facets/1-0-0/PartitaPartitionRunFacet.json#/$defs/PartitaPartitionRunFacet");

  private final String asset;
  private final String partition;
  private final String windowStart;
  private final String windowEnd;
  private final String version;
  private final String writeMode;
  private final String snapshotHash;
  private final int attempt;
  private final String worker;

  /**
   * The facet of one task attempt of a run whose definitions snapshot is {@code snapshotHash},
   * executed by {@code worker} (empty: by the process that owned the run; the field is then left
   * out).
   */
  PartitaPartitionRunFacet(
      URI producer, AuditTask task, String snapshotHash, Optional<String> worker) {
    super(producer);
    this.asset = task.asset();
    this.partition = task.partition();
    this.windowStart = task.windowStart().toString();
    this.windowEnd = task.windowEnd().toString();
    this.version = task.version();
    this.writeMode = task.writeMode();
    this.snapshotHash = snapshotHash;
    this.attempt = task.attempt();
    this.worker = worker.orElse(null);
  }

  @Override
  public URI get_schemaURL() {
    return SCHEMA_URL;
  }

  public String getAsset() {
    return asset;
  }

  public String getPartition() {
    return partition;
  }

  public String getWindowStart() {
    return windowStart;
  }

  public String getWindowEnd() {
    return windowEnd;
  }

  public String getVersion() {
    return version;
  }

  public String getWriteMode() {
    return writeMode;
  }

  public String getSnapshotHash() {
    return snapshotHash;
  }

  public int getAttempt() {
    return attempt;
  }

  /** The `partita worker` that executed the attempt, or null. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String getWorker() {
    return worker;
  }
}
