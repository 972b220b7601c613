package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {
  @TempDir Path temp;

  @Test
  void libraryIsExtractedOnceAndReusedByLaterStarts() throws Exception {
    ClassLoader jar = jarWith("1.2.3", "library bytes v1");
    Path cache = temp.resolve("cache");

    assertThat(NativeLibraries.extractDuckDb(cache, jar)).isTrue();
    Path library = cache.resolve(System.mapLibraryName("duckdb_java"));
    assertThat(library).hasContent("library bytes v1");
    Files.setLastModifiedTime(library, FileTime.fromMillis(0));

    assertThat(NativeLibraries.extractDuckDb(cache, jar)).isTrue();

    assertThat(Files.getLastModifiedTime(library).toMillis()).as("not rewritten").isZero();
    try (var files = Files.list(cache)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder(library.getFileName().toString(), "VERSION");
    }
  }

  @Test
  void anotherDuckDbVersionReplacesTheCachedLibrary() throws Exception {
    Path cache = temp.resolve("cache");
    NativeLibraries.extractDuckDb(cache, jarWith("1.2.3", "old"));

    NativeLibraries.extractDuckDb(cache, jarWith("1.2.4", "new"));

    assertThat(cache.resolve(System.mapLibraryName("duckdb_java"))).hasContent("new");
    assertThat(cache.resolve("VERSION")).content().startsWith("1.2.4 ");
  }

  @Test
  void concurrentStartsLeaveOneCompleteLibrary() throws Exception {
    String content = "x".repeat(5_000_000);
    ClassLoader jar = jarWith("9.9.9", content);
    Path cache = temp.resolve("cache");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> starts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        starts.add(pool.submit(() -> NativeLibraries.extractDuckDb(cache, jar)));
      }
      for (Future<Boolean> start : starts) {
        assertThat(start.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(Files.size(cache.resolve(System.mapLibraryName("duckdb_java"))))
        .isEqualTo(content.length());
    try (var files = Files.list(cache)) {
      assertThat(files.filter(file -> file.toString().endsWith(".partial"))).isEmpty();
    }
  }

  @Test
  void withoutBundledLibraryLoadingIsLeftToDuckDb() {
    // As when running from Maven's classpath: DuckDB's own jar, no partita-native/ files.
    ClassLoader classes = new URLClassLoader(new URL[0], null);

    assertThat(NativeLibraries.extractDuckDb(temp.resolve("cache"), classes)).isFalse();
    assertThat(temp.resolve("cache")).doesNotExist();
  }

  @Test
  void cacheDirectoryFollowsPartitaThenXdgVariables() {
    assertThat(
            NativeLibraries.cacheDirectory(
                Map.of("PARTITA_CACHE_DIR", "/a", "XDG_CACHE_HOME", "/b")))
        .isEqualTo(Path.of("/a"));
    assertThat(NativeLibraries.cacheDirectory(Map.of("XDG_CACHE_HOME", "/b")))
        .isEqualTo(Path.of("/b/partita"));
    assertThat(NativeLibraries.cacheDirectory(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "partita"));
  }

  /** A class loader over a directory laid out like the Partita jar's native part. */
  private ClassLoader jarWith(String version, String library) throws Exception {
    Path root = Files.createTempDirectory(temp, "jar");
    Files.writeString(
        root.resolve("partita-native.properties"), "duckdb.version=" + version + "\n");
    Path directory = Files.createDirectories(root.resolve("partita-native/duckdb-" + version));
    Files.writeString(
        directory.resolve("libduckdb_java.so_" + NativeLibraries.platform()), library);
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }
}
