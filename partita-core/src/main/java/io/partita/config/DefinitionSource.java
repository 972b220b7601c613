package io.partita.config;

import io.partita.PartitaException;
import io.partita.model.DefinitionFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the loader reads definition files from: the working tree, or a frozen {@link
 * DefinitionFiles} snapshot. Paths are project-relative with {@code /} separators.
 */
interface DefinitionSource {
  /** The file's text, or empty when it does not exist. */
  Optional<String> read(String relativePath);

  /** Whether {@code relativePath} is a regular file of the definition. */
  boolean isFile(String relativePath);

  Path projectDir();

  /**
   * The normalized project-relative form of {@code path}, or empty when it is not a path inside the
   * project (absolute paths inside the project are made relative).
   */
  default Optional<String> relativeKey(String path) {
    Path root = projectDir().toAbsolutePath().normalize();
    Path resolved;
    try {
      resolved = root.resolve(path).normalize();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    if (!resolved.startsWith(root) || resolved.equals(root)) {
      return Optional.empty();
    }
    return Optional.of(root.relativize(resolved).toString().replace('\\', '/'));
  }

  /** The absolute path a relative key stands for, for error messages. */
  default Path absolute(String relativePath) {
    return projectDir().toAbsolutePath().normalize().resolve(relativePath);
  }

  /**
   * Where {@code relativePath} really is when symbolic links take it outside the project, or empty
   * when it stays inside or does not exist. A snapshot's files were checked when it was taken.
   */
  default Optional<Path> outsideProject(String relativePath) {
    return Optional.empty();
  }

  static DefinitionSource workingTree(Path projectDir) {
    return new WorkingTree(projectDir);
  }

  static DefinitionSource snapshot(Path projectDir, DefinitionFiles files) {
    return new Snapshot(projectDir, files);
  }

  record WorkingTree(Path projectDir) implements DefinitionSource {
    @Override
    public Optional<String> read(String relativePath) {
      Path file = absolute(relativePath);
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      // A link out of the project (models/x.sql -> /etc/passwd) would copy that file into
      // snapshots, the state store and lineage.
      outsideProject(relativePath)
          .ifPresent(
              real -> {
                throw PartitaException.user(
                    "%s",
                    relativePath
                        + " resolves outside the project (to "
                        + real
                        + "): copy the file into the project instead of linking to it");
              });
      try {
        // Decoded leniently: a script in another encoding still hashes and loads.
        return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw PartitaException.user("Cannot read %s (%s): check its permissions", file, e);
      }
    }

    @Override
    public Optional<Path> outsideProject(String relativePath) {
      try {
        Path real = absolute(relativePath).toRealPath();
        return real.startsWith(projectDir().toRealPath()) ? Optional.empty() : Optional.of(real);
      } catch (IOException e) {
        return Optional.empty(); // missing: the caller reports it as not found
      }
    }

    @Override
    public boolean isFile(String relativePath) {
      return Files.isRegularFile(absolute(relativePath));
    }
  }

  record Snapshot(Path projectDir, DefinitionFiles files) implements DefinitionSource {
    @Override
    public Optional<String> read(String relativePath) {
      return Optional.ofNullable(files.files().get(relativePath));
    }

    @Override
    public boolean isFile(String relativePath) {
      return files.files().containsKey(relativePath);
    }
  }
}
