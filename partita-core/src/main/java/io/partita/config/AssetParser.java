package io.partita.config;

import io.partita.check.Check;
import io.partita.model.Grain;
import io.partita.model.OnSchemaChange;
import io.partita.model.OutputFormat;
import io.partita.model.PartitionMapping;
import io.partita.model.SourceLocation;
import io.partita.model.WriteMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
          "audit_columns",
          "on_schema_change",
          "batch_size");

  private final YamlNodes yaml;
  private final DefinitionSource source;
  private final Defaults defaults;
  private final Grain defaultGrain;
  private final Set<String> pools;
  private final Set<String> assetNames;
  private final Map<String, String> files;
  private final DependsOnParser dependsOn;

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
    this.dependsOn = new DependsOnParser(yaml, assetNames);
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
          new DefinitionFileReader(yaml, source, files).read(sqlNode, prefix + ": SQL file", path);
      String text = files.get(key);
      sqlFile = Optional.of(key);
      sql = Optional.of(text);
      for (RefScanner.Ref ref : RefScanner.scan(text)) {
        String where = key + ":" + ref.line() + ":" + ref.column();
        dependsOn.checkKnown(ref.asset(), where, "ref('" + ref.asset() + "')");
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
        dependsOn.checkKnown(ref.asset(), where, "ref('" + ref.asset() + "')");
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

    List<Dependency> dependencies = dependsOn.parse(name, entries, keys, refs);
    List<Check> checks =
        entries.containsKey("checks")
            ? new CheckParser(yaml, source, assetNames, files).parse(name, entries.get("checks"))
            : List.of();
    boolean auditColumns =
        entries.containsKey("audit_columns")
            ? yaml.bool(entries.get("audit_columns"), "audit_columns")
            : defaults.auditColumns();
    return new AssetDefinition(
        name,
        new AssetSource(kind, sqlFile, sql, command, location),
        new AssetPartitioning(grain, timeColumn, arrivalColumn, dependencies),
        new AssetWrites(
            output,
            writeMode,
            uniqueKey,
            auditColumns,
            onSchemaChange(yaml, entries, defaults.onSchemaChange())),
        new AssetExecution(
            pool,
            concurrency,
            new AttemptPolicy(retries, retryBackoff, timeout),
            batchSize(prefix, kind, sqlFile, sql, entries)),
        checks);
  }

  /**
   * {@code batch_size: auto | N}. Refused where one query over several partitions would be wrong: a
   * command asset (its program is handed one partition) and a model that names {@code {{ partition
   * }}}.
   */
  private BatchSize batchSize(
      String prefix,
      AssetKind kind,
      Optional<String> sqlFile,
      Optional<String> sql,
      Map<String, Node> entries) {
    Node node = entries.get("batch_size");
    if (node == null) {
      return BatchSize.OFF;
    }
    BatchSize size;
    if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar
        && "auto".equals(scalar.getValue().strip())) {
      size = BatchSize.AUTO;
    } else if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar
        && org.yaml.snakeyaml.nodes.Tag.INT.equals(node.getTag())) {
      int value;
      try {
        value = Integer.parseInt(scalar.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        value = 0;
      }
      if (value < 1) {
        throw yaml.error(
            node,
            prefix
                + ": batch_size must be auto or a number of partitions of at least 1, got "
                + scalar.getValue()
                + " (1 turns batching off)");
      }
      size = BatchSize.of(value);
    } else {
      throw yaml.error(
          node,
          prefix
              + ": batch_size must be auto or a number of partitions, got "
              + YamlNodes.describe(node));
    }
    if (!size.fuses()) {
      return size;
    }
    if (kind == AssetKind.COMMAND) {
      throw yaml.error(
          node,
          prefix
              + ": batch_size applies to SQL models only: a command is handed one partition"
              + " ($PARTITA_PARTITION) per run, so several partitions cannot share one run;"
              + " remove batch_size");
    }
    java.util.Optional<Integer> line = PartitionVariableScanner.firstUse(sql.orElseThrow());
    if (line.isPresent()) {
      throw yaml.error(
          node,
          prefix
              + ": batch_size needs a model that is correct for any window [start, end), but "
              + sqlFile.orElseThrow()
              + ":"
              + line.get()
              + " uses {{ partition }}, which names a single partition. Filter on {{ start }}"
              + " and {{ end }} instead, or remove batch_size");
    }
    return size;
  }

  /**
   * {@code on_schema_change:} of an asset or of {@code defaults:}; {@code otherwise} when absent.
   */
  static OnSchemaChange onSchemaChange(
      YamlNodes yaml, Map<String, Node> entries, OnSchemaChange otherwise) {
    if (!entries.containsKey("on_schema_change")) {
      return otherwise;
    }
    Node node = entries.get("on_schema_change");
    String text = yaml.string(node, "on_schema_change");
    return yaml.at(node, () -> OnSchemaChange.parse(text));
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
}
