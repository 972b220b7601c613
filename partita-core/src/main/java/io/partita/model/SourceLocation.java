package io.partita.model;

/**
 * A place in a project file, for error messages: {@code partita.yaml:12:5}. Line and column are
 * 1-based.
 */
public record SourceLocation(String file, int line, int column) {
  public static SourceLocation of(String file) {
    return new SourceLocation(file, 0, 0);
  }

  @Override
  public String toString() {
    if (line <= 0) {
      return file;
    }
    return file + ":" + line + ":" + column;
  }
}
