package io.partita.model;

import io.partita.PartitaException;
import java.util.Locale;

/**
 * What a publish does when the model's columns differ from the target table's ({@code
 * on_schema_change}, with dbt's names and meanings). A changed column type always fails, whatever
 * the setting: casting published rows silently could lose data.
 */
public enum OnSchemaChange {
  /** Refuse any added or removed column. */
  FAIL,
  /** Add new columns as nullable (existing rows get NULL); never drop a column. The default. */
  APPEND_NEW_COLUMNS,
  /** Add new columns and drop the columns the model no longer returns. */
  SYNC_ALL_COLUMNS;

  public static OnSchemaChange parse(String text) {
    for (OnSchemaChange value : values()) {
      if (value.yamlName().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return value;
      }
    }
    throw PartitaException.user(
        "Unknown on_schema_change '%s': use append_new_columns (the default), sync_all_columns or"
            + " fail",
        text);
  }

  /** The name as written in partita.yaml, e.g. {@code append_new_columns}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
