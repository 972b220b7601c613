package io.partita.state;

import io.partita.model.DefinitionFiles;
import java.time.Instant;
import java.util.Optional;

/** A frozen pipeline definition, stored once per hash. */
public record Snapshot(
    String hash, DefinitionFiles files, Optional<String> gitCommit, Instant createdAt) {}
