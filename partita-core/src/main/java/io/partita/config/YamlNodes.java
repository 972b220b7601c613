package io.partita.config;

import io.partita.PartitaException;
import io.partita.model.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of SnakeYAML nodes. Every error names the node's {@code file:line:column}, says what
 * is wrong and how to fix it.
 */
final class YamlNodes {
  private final String file;

  YamlNodes(String file) {
    this.file = file;
  }

  SourceLocation location(Node node) {
    return new SourceLocation(
        file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
  }

  /** A USER error located at {@code node}; the message is taken literally (no format codes). */
  PartitaException error(Node node, String message) {
    return PartitaException.user("%s", location(node) + ": " + message);
  }

  /** Runs {@code parse} and prefixes any USER error it raises with the node's location. */
  <T> T at(Node node, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (PartitaException e) {
      throw error(node, e.getMessage());
    }
  }

  /**
   * The entries of a mapping node by key, in declaration order. Duplicate keys and keys outside
   * {@code allowed} are errors; {@code what} names the section for messages.
   */
  Map<String, Node> mapping(Node node, String what, Collection<String> allowed) {
    if (!(node instanceof MappingNode mappingNode)) {
      throw error(node, what + " must be a mapping of key: value, got " + describe(node));
    }
    Map<String, Node> result = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalar)) {
        throw error(keyNode, "keys in " + what + " must be plain names");
      }
      String key = scalar.getValue();
      if (allowed != null && !allowed.contains(key)) {
        throw error(
            keyNode,
            "unknown key '"
                + key
                + "' in "
                + what
                + Names.didYouMean(key, allowed)
                + "; allowed keys: "
                + String.join(", ", allowed));
      }
      if (result.containsKey(key)) {
        throw error(keyNode, "duplicate key '" + key + "' in " + what + ": keep only one");
      }
      result.put(key, tuple.getValueNode());
    }
    return result;
  }

  /** The key nodes of a mapping, for locating errors about a key rather than its value. */
  Map<String, Node> keyNodes(Node node) {
    Map<String, Node> result = new LinkedHashMap<>();
    if (node instanceof MappingNode mappingNode) {
      for (NodeTuple tuple : mappingNode.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode scalar) {
          result.putIfAbsent(scalar.getValue(), scalar);
        }
      }
    }
    return result;
  }

  static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
  }

  String string(Node node, String key) {
    if (!(node instanceof ScalarNode scalar) || isNull(node)) {
      throw error(node, "'" + key + "' must be a text value, got " + describe(node));
    }
    String value = scalar.getValue().strip();
    if (value.isEmpty()) {
      throw error(node, "'" + key + "' is empty: give it a value");
    }
    return value;
  }

  Optional<String> optionalString(Map<String, Node> entries, String key) {
    Node node = entries.get(key);
    return node == null ? Optional.empty() : Optional.of(string(node, key));
  }

  int integer(Node node, String key, int min) {
    if (node instanceof ScalarNode scalar && Tag.INT.equals(node.getTag())) {
      try {
        int value = Integer.parseInt(scalar.getValue().replace("_", ""));
        if (value < min) {
          throw error(node, "'" + key + "' must be at least " + min + ", got " + value);
        }
        return value;
      } catch (NumberFormatException e) {
        // falls through to the type error below
      }
    }
    throw error(node, "'" + key + "' must be a whole number, got " + describe(node));
  }

  int optionalInteger(Map<String, Node> entries, String key, int min, int fallback) {
    Node node = entries.get(key);
    return node == null ? fallback : integer(node, key, min);
  }

  boolean bool(Node node, String key) {
    if (node instanceof ScalarNode scalar && Tag.BOOL.equals(node.getTag())) {
      // YAML 1.1 booleans: true/false, yes/no, on/off.
      String value = scalar.getValue().toLowerCase(Locale.ROOT);
      return value.equals("true") || value.equals("yes") || value.equals("on");
    }
    throw error(node, "'" + key + "' must be true or false, got " + describe(node));
  }

  Duration duration(Node node, String key) {
    String text = string(node, key);
    return at(node, () -> Durations.parse(key, text));
  }

  Duration optionalDuration(Map<String, Node> entries, String key, Duration fallback) {
    Node node = entries.get(key);
    return node == null ? fallback : duration(node, key);
  }

  List<Node> sequence(Node node, String key, String example) {
    if (!(node instanceof SequenceNode sequence)) {
      throw error(
          node,
          "'" + key + "' must be a list, got " + describe(node) + ": write it like " + example);
    }
    return sequence.getValue();
  }

  List<String> stringList(Node node, String key, String example) {
    List<String> result = new ArrayList<>();
    for (Node item : sequence(node, key, example)) {
      result.add(string(item, key + " item"));
    }
    return result;
  }

  static String describe(Node node) {
    if (node == null || isNull(node)) {
      return "nothing";
    }
    if (node instanceof ScalarNode scalar) {
      return "'" + scalar.getValue() + "'";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "a mapping";
  }
}
