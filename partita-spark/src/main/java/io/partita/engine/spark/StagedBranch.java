package io.partita.engine.spark;

/**
 * Where a staged partition waits: a branch of the target table holding {@code main} as it was at
 * {@code baseSnapshotId} with the partition's window replaced by the staged rows.
 *
 * @param target the table, as Spark SQL names it ({@code lake.features.events__v1})
 * @param branch the Iceberg branch, {@code audit_<run>_<token>}
 * @param baseSnapshotId main's snapshot when the branch was made: publish fast-forwards main only
 *     while main is still there
 * @param window the partition window, as a Spark SQL predicate
 * @param view the temporary view over the branch's window that checks read
 * @param schema the table's columns before the stage and the staged rows' (on_schema_change)
 * @param partitions how many staged partitions share the branch (a fused batch stages several into
 *     one branch): main fast-forwards to it only when all of them publish together
 */
record StagedBranch(
    String target,
    String branch,
    long baseSnapshotId,
    String window,
    String view,
    SparkSchemaEvolution.StagedSchema schema,
    int partitions) {}
