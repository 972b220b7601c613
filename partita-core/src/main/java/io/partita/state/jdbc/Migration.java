package io.partita.state.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * One versioned schema change: a classpath resource of SQL statements separated by {@code ;} at the
 * end of a line.
 */
public record Migration(int version, String description, String resource) {
  public Migration {
    if (version < 1) {
      throw new IllegalArgumentException("Migration version must be at least 1: " + version);
    }
    requireNonNull(description, "description is null");
    requireNonNull(resource, "resource is null");
  }
}
