package io.partita;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file of any module is longer than 400 lines: a class past that wants splitting by
 * role (see style.md). Counted as {@code wc -l} does, on the sources of every sibling module.
 */
class SourceSizeTest {
  static final int MOST_LINES = 400;

  @Test
  void noMainClassIsLongerThan400Lines() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> sources;
    try (Stream<Path> modules = Files.list(root)) {
      sources =
          modules
              .map(module -> module.resolve("src/main/java"))
              .filter(Files::isDirectory)
              .flatMap(SourceSizeTest::javaFiles)
              .toList();
    }
    assertThat(sources).as("main sources found under %s", root).hasSizeGreaterThan(100);
    List<String> tooLong =
        sources.stream()
            .filter(file -> lines(file) > MOST_LINES)
            .map(file -> root.relativize(file) + " (" + lines(file) + " lines)")
            .toList();
    assertThat(tooLong).as("main source files over %d lines", MOST_LINES).isEmpty();
  }

  private static Stream<Path> javaFiles(Path directory) {
    try {
      return Files.walk(directory)
          .filter(file -> file.toString().endsWith(".java"))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long lines(Path file) {
    try {
      return Files.readAllLines(file).size();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
