package io.partita.lineage;

import io.openlineage.client.OpenLineage;
import java.net.URI;

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

  PartitaPartitionRunFacet(
      URI producer,
      String asset,
      String partition,
      String windowStart,
      String windowEnd,
      String version,
      String writeMode,
      String snapshotHash,
      int attempt) {
    super(producer);
    this.asset = asset;
    this.partition = partition;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.version = version;
    this.writeMode = writeMode;
    this.snapshotHash = snapshotHash;
    this.attempt = attempt;
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
}
