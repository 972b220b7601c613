package io.partita.config;

import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a file that partita.yaml names (a model, a check's SQL file) relative to the project, and
 * records its text among the pipeline's definition files under its project-relative key.
 */
record DefinitionFileReader(YamlNodes yaml, DefinitionSource source, Map<String, String> files) {
  /**
   * The file's project-relative key; its text is then in {@code files}.
   *
   * @param what how errors name it, e.g. {@code "asset 'features': SQL file"}
   * @throws io.partita.PartitaException USER, at {@code node}, when the file is outside the project
   *     or missing
   */
  String read(Node node, String what, String path) {
    String key =
        source
            .relativeKey(path)
            .orElseThrow(
                () ->
                    yaml.error(
                        node,
                        what
                            + " "
                            + path
                            + " is outside the project: move it under the project directory"));
    String text =
        yaml.at(node, () -> source.read(key))
            .orElseThrow(
                () ->
                    yaml.error(
                        node,
                        what + " " + path + " not found (looked in " + source.absolute(key) + ")"));
    files.put(key, text);
    return key;
  }
}
