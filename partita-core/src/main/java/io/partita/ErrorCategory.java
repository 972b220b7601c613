package io.partita;

/** What kind of failure a {@link PartitaException} is, and the process exit code the CLI uses. */
public enum ErrorCategory {
  /** Bad input: configuration, range, usage. The user fixes it; exit code 2. */
  USER(2),
  /** Another run or process holds what this one needs; exit code 3. */
  CONFLICT(3),
  /** A bug or an environment failure (disk, driver); exit code 70. */
  INTERNAL(70);

  private final int exitCode;

  ErrorCategory(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
