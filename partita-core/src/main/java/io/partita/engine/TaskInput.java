package io.partita.engine;

import io.partita.model.OutputFormat;
import java.nio.file.Path;

/** Where a partition's rows come from: a rendered SELECT, or a file a command wrote. */
public sealed interface TaskInput {
  record Sql(String sql) implements TaskInput {}

  record File(Path path, OutputFormat format) implements TaskInput {}

  /**
   * {@code inner} with extra constant columns appended to every row (name -> SQL literal), e.g. the
   * audit columns {@code _partita_run_id} and {@code _partita_written_at}.
   */
  record WithColumns(TaskInput inner, java.util.LinkedHashMap<String, String> columns)
      implements TaskInput {}
}
