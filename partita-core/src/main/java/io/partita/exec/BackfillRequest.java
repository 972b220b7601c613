package io.partita.exec;

import static java.util.Objects.requireNonNull;

import io.partita.plan.Order;
import io.partita.plan.Reprocess;
import io.partita.state.RunKind;
import io.partita.state.RunOptions;
import java.util.Optional;

/**
 * A request to plan and materialize partitions, as typed on the command line or posted to the API.
 * Built with {@link #newBuilder(String)}; every option but the partitions has a default. Immutable;
 * the {@code with*} methods return a changed copy.
 */
public final class BackfillRequest {
  private final RunKind kind;
  private final String assets;
  private final String partitions;
  private final Optional<Integer> maxParallel;
  private final Optional<String> writeMode;
  private final Optional<Integer> retries;
  private final Reprocess reprocess;
  private final Order order;
  private final Optional<String> reason;
  private final String actor;
  private final String publish;
  private final String target;
  private final boolean staleOnly;
  private final boolean withDownstream;
  private final Optional<Integer> maxPartitions;

  private BackfillRequest(Builder builder) {
    this.kind = requireNonNull(builder.kind, "kind is null");
    this.assets = requireNonNull(builder.assets, "assets is null");
    this.partitions = requireNonNull(builder.partitions, "partitions is null");
    this.maxParallel = requireNonNull(builder.maxParallel, "maxParallel is null");
    this.writeMode = requireNonNull(builder.writeMode, "writeMode is null");
    this.retries = requireNonNull(builder.retries, "retries is null");
    this.reprocess = requireNonNull(builder.reprocess, "reprocess is null");
    this.order = requireNonNull(builder.order, "order is null");
    this.reason = requireNonNull(builder.reason, "reason is null");
    this.actor = requireNonNull(builder.actor, "actor is null");
    this.publish = builder.publish == null ? RunOptions.PER_PARTITION : builder.publish;
    this.target = builder.target == null ? "" : builder.target;
    this.staleOnly = builder.staleOnly;
    this.withDownstream = builder.withDownstream;
    this.maxPartitions = requireNonNull(builder.maxPartitions, "maxPartitions is null");
  }

  /** A builder for a backfill of {@code partitions} ({@code A..B} or {@code A,B,C}). */
  public static Builder newBuilder(String partitions) {
    return new Builder(partitions);
  }

  /** A backfill of {@code partitions} of all assets with every other option at its default. */
  public static BackfillRequest of(String partitions) {
    return newBuilder(partitions).build();
  }

  public Builder toBuilder() {
    Builder builder = new Builder(partitions);
    builder.kind = kind;
    builder.assets = assets;
    builder.maxParallel = maxParallel;
    builder.writeMode = writeMode;
    builder.retries = retries;
    builder.reprocess = reprocess;
    builder.order = order;
    builder.reason = reason;
    builder.actor = actor;
    builder.publish = publish;
    builder.target = target;
    builder.staleOnly = staleOnly;
    builder.withDownstream = withDownstream;
    builder.maxPartitions = maxPartitions;
    return builder;
  }

  public RunKind kind() {
    return kind;
  }

  /** Selection like {@code features+}; empty for all assets. */
  public String assets() {
    return assets;
  }

  /** {@code A..B} or {@code A,B,C}; may be empty with {@link #staleOnly()}. */
  public String partitions() {
    return partitions;
  }

  /** Empty for {@code defaults.concurrency}. */
  public Optional<Integer> maxParallel() {
    return maxParallel;
  }

  public Optional<String> writeMode() {
    return writeMode;
  }

  public Optional<Integer> retries() {
    return retries;
  }

  public Reprocess reprocess() {
    return reprocess;
  }

  public Order order() {
    return order;
  }

  public Optional<String> reason() {
    return reason;
  }

  public String actor() {
    return actor;
  }

  /** {@code per-partition} or {@code atomic}. */
  public String publish() {
    return publish;
  }

  /** The version to write ({@code v2} or {@code features_v2}); empty for the live versions. */
  public String target() {
    return target;
  }

  /** Keeps only partitions written by an older definition of their asset ({@code --stale}). */
  public boolean staleOnly() {
    return staleOnly;
  }

  /**
   * Adds the partitions of downstream assets that read a selected partition through their
   * dependency windows ({@code --downstream}).
   */
  public boolean withDownstream() {
    return withDownstream;
  }

  /** {@code --max-partitions}, in place of {@code defaults.max_partitions_per_run} when present. */
  public Optional<Integer> maxPartitions() {
    return maxPartitions;
  }

  /** Writes {@code value} ({@code v2} or {@code features_v2}) instead of the live versions. */
  public BackfillRequest withTarget(String value) {
    return toBuilder().target(value).build();
  }

  public BackfillRequest withPublish(String value) {
    return toBuilder().publish(value).build();
  }

  public BackfillRequest withMaxParallel(int value) {
    return toBuilder().maxParallel(value).build();
  }

  public BackfillRequest withAssets(String value) {
    return toBuilder().assets(value).build();
  }

  public BackfillRequest withReprocess(Reprocess value) {
    return toBuilder().reprocess(value).build();
  }

  @Override
  public String toString() {
    return "BackfillRequest[" + kind.lowerName() + " " + assets + " " + partitions + "]";
  }

  /** Options of a {@link BackfillRequest}; unset ones keep their defaults. Not thread-safe. */
  public static final class Builder {
    private RunKind kind = RunKind.BACKFILL;
    private String assets = "";
    private final String partitions;
    private Optional<Integer> maxParallel = Optional.empty();
    private Optional<String> writeMode = Optional.empty();
    private Optional<Integer> retries = Optional.empty();
    private Reprocess reprocess = Reprocess.ALL;
    private Order order = Order.ASC;
    private Optional<String> reason = Optional.empty();
    private String actor = System.getProperty("user.name", "unknown");
    private String publish = RunOptions.PER_PARTITION;
    private String target = "";
    private boolean staleOnly;
    private boolean withDownstream;
    private Optional<Integer> maxPartitions = Optional.empty();

    private Builder(String partitions) {
      this.partitions = partitions;
    }

    public Builder kind(RunKind value) {
      kind = value;
      return this;
    }

    public Builder assets(String value) {
      assets = value;
      return this;
    }

    public Builder maxParallel(int value) {
      maxParallel = Optional.of(value);
      return this;
    }

    public Builder maxParallel(Optional<Integer> value) {
      maxParallel = value;
      return this;
    }

    public Builder writeMode(Optional<String> value) {
      writeMode = value;
      return this;
    }

    public Builder retries(Optional<Integer> value) {
      retries = value;
      return this;
    }

    public Builder reprocess(Reprocess value) {
      reprocess = value;
      return this;
    }

    public Builder order(Order value) {
      order = value;
      return this;
    }

    public Builder reason(Optional<String> value) {
      reason = value;
      return this;
    }

    public Builder actor(String value) {
      actor = value;
      return this;
    }

    /** {@code null} for the default, per-partition publishing. */
    public Builder publish(String value) {
      publish = value;
      return this;
    }

    /** {@code null} or empty for the live versions. */
    public Builder target(String value) {
      target = value;
      return this;
    }

    public Builder staleOnly(boolean value) {
      staleOnly = value;
      return this;
    }

    public Builder withDownstream(boolean value) {
      withDownstream = value;
      return this;
    }

    public Builder maxPartitions(Optional<Integer> value) {
      maxPartitions = value;
      return this;
    }

    public BackfillRequest build() {
      return new BackfillRequest(this);
    }
  }
}
