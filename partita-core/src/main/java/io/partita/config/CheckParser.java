package io.partita.config;

import io.partita.check.Check;
import io.partita.check.CheckFactory;
import io.partita.check.CheckOptions;
import io.partita.check.InvalidCheckOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses an asset's {@code checks:} list. Each item is a one-key mapping {@code TYPE: OPTIONS};
 * {@code sql} and {@code read_test} also take a plain text (the query, the file). Errors name the
 * file, line and column of the item or option at fault.
 */
final class CheckParser {
  private static final String EXAMPLE = "[{not_null: {columns: [entity_id]}}]";

  private final YamlNodes yaml;
  private final DefinitionSource source;
  private final Set<String> assetNames;
  private final Map<String, String> files;

  CheckParser(
      YamlNodes yaml, DefinitionSource source, Set<String> assetNames, Map<String, String> files) {
    this.yaml = yaml;
    this.source = source;
    this.assetNames = assetNames;
    this.files = files;
  }

  List<Check> parse(String asset, Node checksNode) {
    List<Check> checks = new ArrayList<>();
    Map<String, Node> names = new LinkedHashMap<>();
    if (YamlNodes.isNull(checksNode)) {
      return checks;
    }
    for (Node item : yaml.sequence(checksNode, "checks", EXAMPLE)) {
      Check check = parseItem(asset, item);
      Node previous = names.putIfAbsent(check.name(), item);
      if (previous != null) {
        throw yaml.error(
            item,
            "asset '"
                + asset
                + "' has two checks named '"
                + check.name()
                + "' (the other at line "
                + yaml.location(previous).line()
                + "): give one of them name: ...");
      }
      checks.add(check);
    }
    return List.copyOf(checks);
  }

  private Check parseItem(String asset, Node item) {
    if (!(item instanceof MappingNode mapping) || mapping.getValue().size() != 1) {
      throw yaml.error(
          item,
          "asset '"
              + asset
              + "': each check is one TYPE: {options} entry, e.g. - not_null: {columns: [id]}");
    }
    NodeTuple tuple = mapping.getValue().get(0);
    Node typeNode = tuple.getKeyNode();
    String type = yaml.string(typeNode, "check type");
    String prefix = "asset '" + asset + "', check " + type;
    if (!CheckFactory.isType(type)) {
      throw yaml.error(
          typeNode,
          "asset '"
              + asset
              + "': unknown check type '"
              + type
              + "'"
              + Names.didYouMean(type, CheckFactory.types())
              + "; check types: "
              + String.join(", ", CheckFactory.types()));
    }
    Node valueNode = tuple.getValueNode();
    Map<String, Node> optionNodes = new LinkedHashMap<>();
    Optional<String> shorthand = CheckFactory.shorthand(type);
    if (valueNode instanceof ScalarNode && !YamlNodes.isNull(valueNode) && shorthand.isPresent()) {
      optionNodes.put(shorthand.get(), valueNode);
    } else if (!YamlNodes.isNull(valueNode)) {
      optionNodes = yaml.mapping(valueNode, "check " + type, CheckFactory.options(type));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    optionNodes.forEach((option, node) -> values.put(option, value(node, option)));
    Map<String, String> texts = new LinkedHashMap<>();
    if (type.equals("read_test") && optionNodes.containsKey("file")) {
      Node fileNode = optionNodes.get("file");
      texts.put("file", readFile(prefix, fileNode, yaml.string(fileNode, "file")));
    }
    if (type.equals("reconcile") && optionNodes.containsKey("with")) {
      Node withNode = optionNodes.get("with");
      String upstream = yaml.string(withNode, "with");
      if (!assetNames.contains(upstream)) {
        throw yaml.error(
            withNode,
            prefix
                + ": with: refers to unknown asset '"
                + upstream
                + "'"
                + Names.didYouMean(upstream, assetNames)
                + "; assets in partita.yaml: "
                + String.join(", ", assetNames));
      }
    }
    try {
      return CheckFactory.create(new CheckOptions(type, values, texts));
    } catch (InvalidCheckOption e) {
      Node at = e.option().map(optionNodes::get).orElse(typeNode);
      throw yaml.error(at == null ? typeNode : at, prefix + ": " + e.getMessage());
    }
  }

  /** A YAML scalar as Long, Double, Boolean, null or String; a flow list as a List of those. */
  private Object value(Node node, String option) {
    if (node instanceof SequenceNode sequence) {
      List<Object> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        if (!(item instanceof ScalarNode)) {
          throw yaml.error(
              item, "'" + option + "' items must be plain values, got a nested list or mapping");
        }
        items.add(value(item, option));
      }
      return items;
    }
    if (!(node instanceof ScalarNode scalar)) {
      throw yaml.error(node, "'" + option + "' must be a value or a list, got a mapping");
    }
    String text = scalar.getValue().strip();
    Tag tag = node.getTag();
    try {
      if (Tag.NULL.equals(tag)) {
        return null;
      }
      if (Tag.INT.equals(tag)) {
        return Long.parseLong(text.replace("_", ""));
      }
      if (Tag.FLOAT.equals(tag)) {
        return Double.parseDouble(text.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      return text;
    }
    if (Tag.BOOL.equals(tag)) {
      return yaml.bool(node, option);
    }
    return text;
  }

  private String readFile(String prefix, Node node, String path) {
    return files.get(
        new DefinitionFileReader(yaml, source, files).read(node, prefix + ": file", path));
  }
}
