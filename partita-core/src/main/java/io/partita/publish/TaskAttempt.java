package io.partita.publish;

import io.partita.config.AssetDefinition;
import io.partita.engine.Cancellation;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import java.util.List;

/** One attempt of one task, as handed to {@link TaskRunner}. */
public record TaskAttempt(
    String runId,
    AssetDefinition asset,
    PartitionKey partition,
    int attempt,
    WriteMode writeMode,
    List<String> uniqueKey,
    Cancellation cancellation) {}
