package io.partita.engine.duckdb;

import java.nio.file.Path;

/** Run in a child JVM: holds the warehouse open until stdin closes. */
public final class WarehouseLockHolder {
  private WarehouseLockHolder() {}

  /** Starts this class in a child JVM of the test's class path; read its first line for "ready". */
  static Process start(Path warehouse, Path projectDir) throws java.io.IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            WarehouseLockHolder.class.getName(),
            warehouse.toString(),
            projectDir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** The child's first line of output ("ready" once it holds the warehouse; null if it died). */
  static String firstLine(Process holder) throws java.io.IOException {
    return new java.io.BufferedReader(
            new java.io.InputStreamReader(
                holder.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
        .readLine();
  }

  /** Closes the child's stdin, which makes it close the warehouse and exit; kills it after 10 s. */
  static void stop(Process holder) throws Exception {
    holder.getOutputStream().close();
    if (!holder.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      holder.destroyForcibly();
    }
  }

  public static void main(String[] args) throws Exception {
    try (DuckDbEngine engine = DuckDbEngine.open(Path.of(args[0]), Path.of(args[1]))) {
      System.out.println("ready");
      System.out.flush();
      System.in.read();
    }
  }
}
