package io.partita.exec;

import static java.util.Objects.requireNonNull;

import io.partita.plan.Order;
import io.partita.plan.Reprocess;
import io.partita.state.RunKind;
import java.util.Optional;

/**
 * A request to materialize partitions, as typed on the command line.
 *
 * @param assets selection like {@code features+}; empty for all assets
 * @param partitions {@code A..B} or {@code A,B,C}
 * @param maxParallel empty for {@code defaults.concurrency}
 */
public record BackfillRequest(
    RunKind kind,
    String assets,
    String partitions,
    Optional<Integer> maxParallel,
    Optional<String> writeMode,
    Optional<Integer> retries,
    Reprocess reprocess,
    Order order,
    Optional<String> reason,
    String actor,
    String publish,
    String target) {
  public BackfillRequest {
    publish = publish == null ? io.partita.state.RunOptions.PER_PARTITION : publish;
    target = target == null ? "" : target;
    requireNonNull(kind, "kind is null");
    requireNonNull(assets, "assets is null");
    requireNonNull(partitions, "partitions is null");
    requireNonNull(reprocess, "reprocess is null");
    requireNonNull(order, "order is null");
    requireNonNull(actor, "actor is null");
  }

  public BackfillRequest(RunKind kind, String assets, String partitions, Optional<Integer> maxParallel,
      Optional<String> writeMode, Optional<Integer> retries, Reprocess reprocess, Order order,
      Optional<String> reason, String actor) {
    this(kind, assets, partitions, maxParallel, writeMode, retries, reprocess, order, reason, actor, null, null);
  }

  public BackfillRequest(RunKind kind, String assets, String partitions, Optional<Integer> maxParallel,
      Optional<String> writeMode, Optional<Integer> retries, Reprocess reprocess, Order order,
      Optional<String> reason, String actor, String publish) {
    this(kind, assets, partitions, maxParallel, writeMode, retries, reprocess, order, reason, actor, publish, null);
  }

  /** Writes {@code value} ({@code v2} or {@code features_v2}) instead of the live versions. */
  public BackfillRequest withTarget(String value) {
    return new BackfillRequest(kind, assets, partitions, maxParallel, writeMode, retries, reprocess, order, reason, actor, publish, value);
  }

  public BackfillRequest withPublish(String value) {
    return new BackfillRequest(kind, assets, partitions, maxParallel, writeMode, retries, reprocess, order, reason, actor, value, target);
  }

  /** A backfill of {@code partitions} of all assets with every other option at its default. */
  public static BackfillRequest of(String partitions) {
    return new BackfillRequest(RunKind.BACKFILL, "", partitions, Optional.empty(), Optional.empty(),
        Optional.empty(), Reprocess.ALL, Order.ASC, Optional.empty(), System.getProperty("user.name", "unknown"));
  }

  public BackfillRequest withMaxParallel(int value) {
    return new BackfillRequest(kind, assets, partitions, Optional.of(value), writeMode, retries, reprocess, order, reason, actor, publish, target);
  }

  public BackfillRequest withAssets(String value) {
    return new BackfillRequest(kind, value, partitions, maxParallel, writeMode, retries, reprocess, order, reason, actor, publish, target);
  }

  public BackfillRequest withReprocess(Reprocess value) {
    return new BackfillRequest(kind, assets, partitions, maxParallel, writeMode, retries, value, order, reason, actor, publish, target);
  }
}
