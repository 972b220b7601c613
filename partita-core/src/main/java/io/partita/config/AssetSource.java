package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.model.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * What computes an asset and where it is declared.
 *
 * @param sqlFile project-relative path of the SQL model (SQL assets)
 * @param sql the model's template text as loaded (SQL assets)
 * @param command argv of a command asset, each element a template; empty for SQL assets
 * @param location where the asset is declared in partita.yaml
 */
public record AssetSource(
    AssetKind kind,
    Optional<String> sqlFile,
    Optional<String> sql,
    List<String> command,
    SourceLocation location) {
  public AssetSource {
    requireNonNull(kind, "kind is null");
    requireNonNull(sqlFile, "sqlFile is null");
    requireNonNull(sql, "sql is null");
    command = List.copyOf(command);
  }
}
