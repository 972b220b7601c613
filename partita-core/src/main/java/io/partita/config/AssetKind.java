package io.partita.config;

/** Whether an asset is computed by a SQL model or by an external command. */
public enum AssetKind {
  SQL,
  COMMAND
}
