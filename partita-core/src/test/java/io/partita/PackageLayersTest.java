package io.partita;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layers of partita-core, read from the sources: every reference to another
 * {@code io.partita} package (import or qualified name, comments excluded) points down.
 */
class PackageLayersTest {
  private static final Path SOURCES = Path.of("src/main/java/io/partita");
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.partita\\.([a-z]\\w*)(?:\\.[a-z]\\w*)*\\.[A-Z]");

  /** Layer of each top-level package: a package may use its own layer's base and lower layers. */
  private static final Map<String, Integer> LAYER =
      Map.ofEntries(
          Map.entry("model", 0),
          Map.entry("state", 1),
          Map.entry("engine", 1),
          Map.entry("check", 2),
          Map.entry("config", 3),
          Map.entry("plan", 4),
          Map.entry("publish", 5),
          Map.entry("lineage", 5),
          Map.entry("pairing", 5),
          Map.entry("exec", 6),
          Map.entry("schedule", 7));

  @Test
  void everyPackageOfCoreHasALayer() {
    assertThat(references().keySet()).allSatisfy(from -> assertThat(LAYER).containsKey(from));
  }

  @Test
  void packagesReferToLowerLayersOnly() {
    List<String> upward = new ArrayList<>();
    references().forEach((from, targets) -> {
      for (String to : targets) {
        if (LAYER.get(to) >= LAYER.get(from)) {
          upward.add(from + " -> " + to);
        }
      }
    });
    assertThat(upward).as("references that point sideways or up").isEmpty();
  }

  @Test
  void writeAuditPublishAndTheEngineKnowNothingOfRunsOrSchedules() {
    Map<String, Set<String>> references = references();
    assertThat(references.get("publish")).doesNotContain("exec", "schedule", "lineage");
    assertThat(references.get("engine")).containsOnly("model");
    assertThat(references.get("state")).containsOnly("model");
  }

  /** Top-level package -> the other top-level packages its classes refer to. */
  private static Map<String, Set<String>> references() {
    Map<String, Set<String>> references = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = SOURCES.relativize(file);
        if (relative.getNameCount() < 2) {
          continue; // io.partita itself: PartitaException and ErrorCategory, below every layer
        }
        String from = relative.getName(0).toString();
        Set<String> targets = references.computeIfAbsent(from, key -> new TreeSet<>());
        String code = Files.readString(file)
            .replaceAll("(?s)/\\*.*?\\*/", "")
            .replaceAll("//[^\\n]*", "");
        Matcher matcher = REFERENCE.matcher(code);
        while (matcher.find()) {
          if (!matcher.group(1).equals(from)) {
            targets.add(matcher.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return references;
  }
}
