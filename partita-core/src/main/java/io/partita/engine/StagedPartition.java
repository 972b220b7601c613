package io.partita.engine;

/** A computed partition waiting in {@code stagingRelation} to be checked and published. */
public record StagedPartition(StageRequest request, String stagingRelation, long rows) {}
