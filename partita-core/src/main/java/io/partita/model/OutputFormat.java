package io.partita.model;

import java.util.Locale;

/** The file format a command asset writes to {@code $PARTITA_OUTPUT}. */
public enum OutputFormat {
  CSV,
  PARQUET;

  public String extension() {
    return name().toLowerCase(Locale.ROOT);
  }
}
