package io.partita.engine.sql;

import static java.util.Objects.requireNonNull;

import io.partita.engine.Column;
import io.partita.engine.Engine;
import io.partita.engine.PublishRequest;
import io.partita.engine.QueryResult;
import io.partita.engine.SqlDialect;
import io.partita.engine.SqlParser;
import io.partita.engine.SqlStatements;
import io.partita.engine.StagedPartition;
import io.partita.engine.StagedReads;
import io.partita.engine.VersionCatalog;
import io.partita.engine.WarehouseIdentity;
import io.partita.engine.WarehousePairing;
import io.partita.engine.WarehouseReader;
import java.util.List;
import java.util.Optional;

/**
 * An engine facade that routes the concerns with an SPI of their own to the collaborator that
 * implements it: versions, reads, overlays, pairing and parsing. A subclass opens the warehouse,
 * builds its collaborators, hands them over in {@link #parts()} and implements the rest (staging,
 * publishing, the publish log, describe and close).
 */
public abstract class DelegatingEngine implements Engine {
  /** The collaborators an engine routes to; each implements one SPI of {@link Engine}. */
  public record Parts(
      VersionCatalog versions,
      WarehouseReader reader,
      StagedReads stagedReads,
      WarehousePairing pairing,
      SqlParser parser) {
    public Parts {
      requireNonNull(versions, "versions is null");
      requireNonNull(reader, "reader is null");
      requireNonNull(stagedReads, "stagedReads is null");
      requireNonNull(pairing, "pairing is null");
      requireNonNull(parser, "parser is null");
    }
  }

  protected DelegatingEngine() {}

  /** The collaborators, built once (a field of the subclass, read on every routed call). */
  protected abstract Parts parts();

  @Override
  public final String relation(String asset) {
    return parts().versions().relation(asset);
  }

  @Override
  public final String versionRelation(String asset, String version) {
    return parts().versions().versionRelation(asset, version);
  }

  @Override
  public final Optional<String> liveVersion(String asset) {
    return parts().versions().liveVersion(asset);
  }

  @Override
  public final void switchVersion(String asset, String version) {
    parts().versions().switchVersion(asset, version);
  }

  @Override
  public final void dropVersion(String asset, String version) {
    parts().versions().dropVersion(asset, version);
  }

  @Override
  public final String overlay(
      String name, String asset, List<StagedPartition> staged, List<PublishRequest> requests) {
    return parts().stagedReads().overlay(name, asset, staged, requests);
  }

  @Override
  public final void dropView(String relation) {
    parts().stagedReads().dropView(relation);
  }

  @Override
  public final WarehouseIdentity identity() {
    return parts().pairing().identity();
  }

  @Override
  public final void pairState(String stateId) {
    parts().pairing().pairState(stateId);
  }

  @Override
  public final SqlStatements parse(String sql) {
    return parts().parser().parse(sql);
  }

  @Override
  public final QueryResult query(String sql, int maxRows) {
    return parts().reader().query(sql, maxRows);
  }

  @Override
  public final QueryResult queryGenerated(String sql, int maxRows) {
    return parts().reader().queryGenerated(sql, maxRows);
  }

  @Override
  public final List<Column> describe(String relationOrQuery) {
    return parts().reader().describe(relationOrQuery);
  }

  @Override
  public final SqlDialect dialect() {
    return parts().reader().dialect();
  }
}
