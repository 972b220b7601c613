package io.partita.state;

/**
 * What a partition lease protects: one (asset, version, partition). Version is "" until versions
 * exist.
 */
public record LeaseKey(String asset, String version, String partition) {}
