package io.partita.engine;

import io.partita.config.OutputFormat;
import java.nio.file.Path;

/** Where a partition's rows come from: a rendered SELECT, or a file a command wrote. */
public sealed interface TaskInput {
  record Sql(String sql) implements TaskInput {}

  record File(Path path, OutputFormat format) implements TaskInput {}
}
