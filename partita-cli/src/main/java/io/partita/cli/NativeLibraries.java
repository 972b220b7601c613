package io.partita.cli;

import io.partita.PartitaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * DuckDB's native library, extracted once per version into Partita's cache directory.
 *
 * <p>DuckDB's JDBC driver copies its 70 MB library to a new temporary file at every start and
 * deletes it only on a clean exit, so every killed process leaves one behind. The Partita jar
 * therefore keeps the libraries under {@code partita-native/duckdb-VERSION/}, where DuckDB does not
 * look; this class writes the one for this platform to {@code CACHE/native/duckdb/} (atomically, so
 * concurrent starts are safe) and DuckDB then loads it from {@code java.library.path}, which the
 * {@code partita} launcher points there. Running from Maven's classpath (tests), the jar's resource
 * is absent and DuckDB's own loader applies.
 */
final class NativeLibraries {
  static final String CACHE_VARIABLE = "PARTITA_CACHE_DIR";
  private static final String LIBRARY = System.mapLibraryName("duckdb_java");

  private NativeLibraries() {}

  /**
   * The cache directory: {@code $PARTITA_CACHE_DIR}, else {@code $XDG_CACHE_HOME/partita}, else
   * {@code ~/.cache/partita}.
   */
  static Path cacheDirectory(Map<String, String> environment) {
    String explicit = environment.get(CACHE_VARIABLE);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = environment.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("partita");
  }

  /**
   * Makes sure DuckDB's library for this platform is in {@code directory}; returns false when this
   * jar carries no library (running from classes), so DuckDB's own loader applies.
   */
  static boolean extractDuckDb(Path directory) {
    return extractDuckDb(directory, NativeLibraries.class.getClassLoader());
  }

  /** As {@link #extractDuckDb(Path)}, reading the bundled files through {@code loader}. */
  static boolean extractDuckDb(Path directory, ClassLoader loader) {
    Optional<String> version = bundledDuckDbVersion(loader);
    if (version.isEmpty()) {
      return false;
    }
    String resource = libraryResource(version.get());
    String stamp = version.get() + " " + platform();
    Path library = directory.resolve(LIBRARY);
    Path stampFile = directory.resolve("VERSION");
    try {
      if (Files.isRegularFile(library)
          && Files.isRegularFile(stampFile)
          && Files.readString(stampFile).strip().equals(stamp)) {
        return true;
      }
      Files.createDirectories(directory);
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw PartitaException.user(
              "This Partita build has no DuckDB library for %s; build it on this platform with ./partita",
              platform());
        }
        replace(directory, library, in.readAllBytes());
      }
      replace(directory, stampFile, (stamp + "\n").getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (IOException e) {
      throw PartitaException.user(
          "Cannot write DuckDB's native library to %s (%s): set %s to a writable directory",
          directory, e.getMessage(), CACHE_VARIABLE);
    }
  }

  /** True when {@code directory} is on this JVM's {@code java.library.path}. */
  static boolean onLibraryPath(Path directory) {
    String path = System.getProperty("java.library.path", "");
    return Arrays.stream(path.split(java.io.File.pathSeparator))
        .anyMatch(
            entry ->
                !entry.isBlank()
                    && Path.of(entry)
                        .toAbsolutePath()
                        .normalize()
                        .equals(directory.toAbsolutePath().normalize()));
  }

  /**
   * Runs this jar again with {@code directory} on {@code java.library.path} (for {@code java -jar}
   * without the launcher) and returns the child's exit code. Ctrl-C reaches both processes (same
   * process group); this one waits for the child so its exit code is the one the shell sees.
   */
  static int relaunch(Path directory, Class<?> mainClass, String[] args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-Djava.library.path=" + directory);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    try {
      Process child = new ProcessBuilder(command).inheritIO().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitQuietly(child)));
      return child.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  private static void awaitQuietly(Process child) {
    try {
      child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String libraryResource(String version) {
    return "partita-native/duckdb-" + version + "/libduckdb_java.so_" + platform();
  }

  private static Optional<String> bundledDuckDbVersion(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream("partita-native.properties")) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("duckdb.version", "");
      // Unfiltered (an IDE copying resources) or no bundled library: DuckDB's loader applies.
      if (version.isBlank()
          || version.contains("${")
          || loader.getResource(libraryResource(version)) == null) {
        return Optional.empty();
      }
      return Optional.of(version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * DuckDB's platform suffix: {@code linux_amd64}, {@code macos_arm64}, … (as DuckDBNative names
   * them).
   */
  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String osName = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macos" : "linux";
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT).trim();
    String archName =
        switch (arch) {
          case "x86_64", "amd64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> arch;
        };
    return osName + "_" + archName;
  }

  private static void replace(Path directory, Path target, byte[] content) throws IOException {
    Path temporary = Files.createTempFile(directory, target.getFileName().toString(), ".partial");
    try {
      Files.write(temporary, content);
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
