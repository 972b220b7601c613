package io.partita.engine;

/** What a publish changed: rows now in the partition from this write, and rows it replaced. */
public record PublishResult(long rowsWritten, long rowsReplaced) {}
