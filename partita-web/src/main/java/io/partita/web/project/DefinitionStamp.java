package io.partita.web.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * When and how big the definition files of a project are, and when their directories last gained or
 * lost an entry: equal stamps mean the files need not be read and parsed again. A file that is gone
 * stamps as {@code -}.
 */
record DefinitionStamp(Map<String, String> files) {
  DefinitionStamp {
    files = Map.copyOf(files);
  }

  /** Stamps {@code relativePaths} (those a load read) and the directories that hold them. */
  static DefinitionStamp of(Path projectDir, Collection<String> relativePaths) {
    Map<String, String> stamps = new TreeMap<>();
    for (String relative : relativePaths) {
      Path file = projectDir.resolve(relative);
      stamps.put(relative, stamp(file));
      Path parent = file.getParent();
      if (parent != null) {
        stamps.putIfAbsent(projectDir.relativize(parent) + "/", stamp(parent));
      }
    }
    return new DefinitionStamp(stamps);
  }

  private static String stamp(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return attributes.lastModifiedTime() + " " + attributes.size();
    } catch (IOException e) {
      return "-";
    }
  }
}
