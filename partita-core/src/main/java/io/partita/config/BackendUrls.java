package io.partita.config;

/**
 * The {@code warehouse:} and {@code state:} URLs of partita.yaml as written (e.g. {@code
 * duckdb:.partita/warehouse.duckdb}, {@code sqlite:.partita/state.db}); a provider of {@code
 * io.partita.backend} opens each.
 */
public record BackendUrls(String warehouse, String state) {}
