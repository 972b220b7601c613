package io.partita.publish;

import io.partita.check.CheckContext;
import io.partita.engine.WarehouseReader;
import io.partita.model.PartitionKey;
import java.util.List;
import java.util.Optional;

/**
 * A {@link CheckContext} that can only run queries: enough for distribution metrics outside a
 * check.
 */
final class QueryOnlyContext extends ReaderCheckContext {
  QueryOnlyContext(WarehouseReader engine) {
    super(engine);
  }

  @Override
  public String asset() {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public PartitionKey partition() {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public String timeColumn() {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public String stagedRelation() {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public Optional<String> liveRelation() {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public Optional<String> partitionRelation(String asset, PartitionKey partition) {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public Optional<String> upstreamRelation(String asset) {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public List<PartitionKey> publishedBefore(int count) {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public String windowPredicate(String column, PartitionKey partition) {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public List<Double> trailing(String metric, int count) {
    throw new UnsupportedOperationException("query only");
  }

  @Override
  public String render(String name, String template) {
    throw new UnsupportedOperationException("query only");
  }
}
