package io.partita.config;

import io.partita.PartitaException;
import io.partita.check.Check;
import io.partita.model.Grain;
import io.partita.model.PartitionMapping;
import io.partita.model.SourceLocation;
import io.partita.model.WriteMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Parses and validates one entry of the {@code assets:} section. */
final class AssetParser {
  static final List<String> KEYS =
      List.of(
          "sql",
          "command",
          "output",
          "grain",
          "time_column",
          "arrival_column",
          "depends_on",
          "depends_on_past",
          "write_mode",
          "unique_key",
          "pool",
          "concurrency",
          "retries",
          "retry_backoff",
          "timeout",
          "checks",
          "audit_columns");

  /** How far a depends_on window may reach, in partitions, either way. */
  static final int MAX_WINDOW_OFFSET = 10_000;

  private final YamlNodes yaml;
  private final DefinitionSource source;
  private final Defaults defaults;
  private final Grain defaultGrain;
  private final Set<String> pools;
  private final Set<String> assetNames;
  private final Map<String, String> files;

  /**
   * @param files receives the text of every SQL model and command script the assets name
   */
  AssetParser(
      YamlNodes yaml,
      DefinitionSource source,
      Defaults defaults,
      Grain defaultGrain,
      Set<String> pools,
      Set<String> assetNames,
      Map<String, String> files) {
    this.yaml = yaml;
    this.source = source;
    this.defaults = defaults;
    this.defaultGrain = defaultGrain;
    this.pools = pools;
    this.assetNames = assetNames;
    this.files = files;
  }

  AssetDefinition parse(String name, Node keyNode, Node valueNode) {
    String prefix = "asset '" + name + "'";
    if (YamlNodes.isNull(valueNode)) {
      throw yaml.error(
          keyNode, prefix + " is empty: give it sql: models/" + name + ".sql or command: [...]");
    }
    Map<String, Node> entries = yaml.mapping(valueNode, prefix, KEYS);
    Map<String, Node> keys = yaml.keyNodes(valueNode);
    SourceLocation location = yaml.location(keyNode);

    boolean hasSql = entries.containsKey("sql");
    boolean hasCommand = entries.containsKey("command");
    if (hasSql == hasCommand) {
      String problem = hasSql ? "has both sql: and command:" : "has neither sql: nor command:";
      throw yaml.error(keyNode, prefix + " " + problem + "; give it exactly one of them");
    }
    AssetKind kind = hasSql ? AssetKind.SQL : AssetKind.COMMAND;
    Optional<String> sqlFile = Optional.empty();
    Optional<String> sql = Optional.empty();
    List<String> command = List.of();
    List<Dependency> refs = new ArrayList<>();
    if (hasSql) {
      Node sqlNode = entries.get("sql");
      String path = yaml.string(sqlNode, "sql");
      String key =
          source
              .relativeKey(path)
              .orElseThrow(
                  () ->
                      yaml.error(
                          sqlNode,
                          prefix
                              + ": SQL file "
                              + path
                              + " is outside the project: move it under the project directory"));
      String text =
          yaml.at(sqlNode, () -> source.read(key))
              .orElseThrow(
                  () ->
                      yaml.error(
                          sqlNode,
                          prefix
                              + ": SQL file "
                              + path
                              + " not found (looked in "
                              + source.absolute(key)
                              + ")"));
      files.put(key, text);
      sqlFile = Optional.of(key);
      sql = Optional.of(text);
      for (RefScanner.Ref ref : RefScanner.scan(text)) {
        String where = key + ":" + ref.line() + ":" + ref.column();
        checkKnown(ref.asset(), where, "ref('" + ref.asset() + "')");
        refs.add(
            new Dependency(
                ref.asset(),
                new PartitionMapping.Identity(),
                "ref('" + ref.asset() + "') in " + key));
      }
    } else {
      Node commandNode = entries.get("command");
      command =
          yaml.stringList(
              commandNode, "command", "[python3, scripts/train.py, --start, \"{{ start }}\"]");
      if (command.isEmpty()) {
        throw yaml.error(
            commandNode, prefix + ": command is empty: give the program and its arguments");
      }
      collectCommandFiles(commandNode, command);
      for (RefScanner.Ref ref : RefScanner.scan(String.join("\n", command))) {
        String where = yaml.location(commandNode).toString();
        checkKnown(ref.asset(), where, "ref('" + ref.asset() + "')");
        refs.add(
            new Dependency(
                ref.asset(),
                new PartitionMapping.Identity(),
                "ref('" + ref.asset() + "') in " + where));
      }
    }

    OutputFormat output = OutputFormat.CSV;
    if (entries.containsKey("output")) {
      Node outputNode = entries.get("output");
      if (kind == AssetKind.SQL) {
        throw yaml.error(
            keys.get("output"), prefix + ": output: applies to command assets only: remove it");
      }
      output = parseOutput(outputNode);
    }

    Grain grain = defaultGrain;
    if (entries.containsKey("grain")) {
      String text = yaml.string(entries.get("grain"), "grain");
      grain = yaml.at(entries.get("grain"), () -> Grain.parse(text));
    }
    String timeColumn =
        yaml.optionalString(entries, "time_column")
            .or(defaults::timeColumn)
            .orElseThrow(
                () ->
                    yaml.error(
                        keyNode,
                        prefix
                            + " has no time column: add time_column: <column holding the partition"
                            + " time> to the asset, or time_column: to defaults:"));
    Optional<String> arrivalColumn = yaml.optionalString(entries, "arrival_column");

    WriteMode writeMode = defaults.writeMode();
    if (entries.containsKey("write_mode")) {
      String text = yaml.string(entries.get("write_mode"), "write_mode");
      writeMode = yaml.at(entries.get("write_mode"), () -> WriteMode.parse(text));
    }
    List<String> uniqueKey = List.of();
    if (entries.containsKey("unique_key")) {
      uniqueKey = yaml.stringList(entries.get("unique_key"), "unique_key", "[entity_id, date]");
    }
    if (writeMode == WriteMode.MERGE && uniqueKey.isEmpty()) {
      throw yaml.error(
          keyNode,
          prefix
              + " uses write_mode merge but has no unique_key: add unique_key: [entity_id, date]");
    }

    Optional<String> pool = yaml.optionalString(entries, "pool");
    if (pool.isPresent() && !pools.contains(pool.get())) {
      throw yaml.error(
          entries.get("pool"),
          prefix
              + ": pool '"
              + pool.get()
              + "' is not defined"
              + Names.didYouMean(pool.get(), pools)
              + ": add it under pools:, e.g. pools: {"
              + pool.get()
              + ": 4}");
    }
    int concurrency = yaml.optionalInteger(entries, "concurrency", 1, 0);
    int retries = yaml.optionalInteger(entries, "retries", 0, defaults.retries());
    Duration retryBackoff =
        yaml.optionalDuration(entries, "retry_backoff", defaults.retryBackoff());
    Duration timeout = yaml.optionalDuration(entries, "timeout", defaults.timeout());
    if (timeout.isZero()) {
      throw yaml.error(entries.get("timeout"), prefix + ": timeout must be longer than 0, e.g. 1h");
    }

    List<Dependency> dependencies = dependencies(name, entries, keys, refs);
    List<Check> checks =
        entries.containsKey("checks")
            ? new CheckParser(yaml, source, assetNames, files).parse(name, entries.get("checks"))
            : List.of();
    return new AssetDefinition(
        name,
        kind,
        sqlFile,
        sql,
        command,
        output,
        grain,
        timeColumn,
        arrivalColumn,
        dependencies,
        writeMode,
        uniqueKey,
        pool,
        concurrency,
        retries,
        retryBackoff,
        timeout,
        location,
        checks,
        entries.containsKey("audit_columns")
            ? yaml.bool(entries.get("audit_columns"), "audit_columns")
            : defaults.auditColumns());
  }

  private OutputFormat parseOutput(Node node) {
    String text = yaml.string(node, "output");
    for (OutputFormat format : OutputFormat.values()) {
      if (format.extension().equals(text.toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    throw yaml.error(node, "unknown output format '" + text + "': use csv or parquet");
  }

  private void collectCommandFiles(Node commandNode, List<String> command) {
    for (String argument : command) {
      if (argument.contains("{{") || argument.contains("{%")) {
        continue;
      }
      Optional<String> key = source.relativeKey(argument).filter(source::isFile);
      if (key.isPresent()) {
        source
            .outsideProject(key.get())
            .ifPresent(
                real -> {
                  throw yaml.error(
                      commandNode,
                      "command file "
                          + key.get()
                          + " resolves outside the project (to "
                          + real
                          + "): copy it into the project, or write the absolute path "
                          + real
                          + " for a program outside the project");
                });
        files.put(key.get(), source.read(key.get()).orElseThrow());
      }
    }
  }

  /**
   * depends_on entries first (they carry the mapping), then ref()-only edges, then depends_on_past.
   */
  private List<Dependency> dependencies(
      String name, Map<String, Node> entries, Map<String, Node> keys, List<Dependency> refs) {
    Map<String, Dependency> byUpstream = new LinkedHashMap<>();
    if (entries.containsKey("depends_on")) {
      for (Node item : yaml.sequence(entries.get("depends_on"), "depends_on", "[staging_events]")) {
        Dependency dependency = dependsOn(item);
        if (byUpstream.put(dependency.asset(), dependency) != null) {
          throw yaml.error(
              item,
              "asset '"
                  + name
                  + "' lists '"
                  + dependency.asset()
                  + "' twice in depends_on: keep one entry");
        }
      }
    }
    for (Dependency ref : refs) {
      byUpstream.putIfAbsent(ref.asset(), ref);
    }
    List<Dependency> result = new ArrayList<>(byUpstream.values());
    Node pastNode = entries.get("depends_on_past");
    if (pastNode != null && yaml.bool(pastNode, "depends_on_past")) {
      result.add(
          new Dependency(
              name,
              new PartitionMapping.Self(),
              "depends_on_past at " + yaml.location(keys.get("depends_on_past"))));
    }
    return result;
  }

  private Dependency dependsOn(Node item) {
    String reason = "depends_on at " + yaml.location(item);
    if (!(item instanceof MappingNode)) {
      String upstream = yaml.string(item, "depends_on item");
      checkKnown(upstream, yaml.location(item).toString(), "depends_on");
      return new Dependency(upstream, new PartitionMapping.Identity(), reason);
    }
    Map<String, Node> entries =
        yaml.mapping(item, "depends_on item", List.of("asset", "window", "mapping"));
    Node assetNode = entries.get("asset");
    if (assetNode == null) {
      throw yaml.error(item, "depends_on item has no asset: write {asset: NAME, window: [-2, 0]}");
    }
    String upstream = yaml.string(assetNode, "asset");
    checkKnown(upstream, yaml.location(assetNode).toString(), "depends_on");
    Node windowNode = entries.get("window");
    Node mappingNode = entries.get("mapping");
    if (windowNode != null && mappingNode != null) {
      throw yaml.error(item, "depends_on item has both window: and mapping:; keep only one");
    }
    if (windowNode != null) {
      List<Node> bounds = yaml.sequence(windowNode, "window", "[-2, 0]");
      if (bounds.size() != 2) {
        throw yaml.error(windowNode, "window must have two offsets [from, to], e.g. [-2, 0]");
      }
      int from = windowOffset(bounds.get(0));
      int to = windowOffset(bounds.get(1));
      if (from > to) {
        throw yaml.error(
            windowNode,
            "window [" + from + ", " + to + "] is reversed: write [" + to + ", " + from + "]");
      }
      return new Dependency(upstream, new PartitionMapping.Window(from, to), reason);
    }
    if (mappingNode != null) {
      String mapping = yaml.string(mappingNode, "mapping");
      return switch (mapping) {
        case "all" -> new Dependency(upstream, new PartitionMapping.All(), reason);
        case "identity" -> new Dependency(upstream, new PartitionMapping.Identity(), reason);
        default ->
            throw yaml.error(
                mappingNode,
                "unknown mapping '"
                    + mapping
                    + "'"
                    + Names.didYouMean(mapping, List.of("all", "identity"))
                    + ": use all or identity, or window: [a, b]");
      };
    }
    return new Dependency(upstream, new PartitionMapping.Identity(), reason);
  }

  /**
   * One offset of a window, at most {@link #MAX_WINDOW_OFFSET} partitions away: the planner walks
   * every partition of a window, so [-2147483648, 2147483647] would walk billions of them.
   */
  private int windowOffset(Node node) {
    int offset = yaml.integer(node, "window", Integer.MIN_VALUE);
    if (Math.abs((long) offset) > MAX_WINDOW_OFFSET) {
      throw yaml.error(
          node,
          "window offset "
              + offset
              + " is beyond the limit of "
              + MAX_WINDOW_OFFSET
              + " partitions either way: use an offset between -"
              + MAX_WINDOW_OFFSET
              + " and "
              + MAX_WINDOW_OFFSET
              + ", or mapping: all to read every partition");
    }
    return offset;
  }

  private void checkKnown(String upstream, String where, String what) {
    if (!assetNames.contains(upstream)) {
      throw PartitaException.user(
          "%s",
          where
              + ": "
              + what
              + " refers to unknown asset '"
              + upstream
              + "'"
              + Names.didYouMean(upstream, assetNames)
              + "; assets in partita.yaml: "
              + String.join(", ", assetNames));
    }
  }
}
