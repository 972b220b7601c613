package io.partita.config;

import io.partita.PartitaException;
import io.partita.model.DefinitionFiles;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and validates a project: {@code partita.yaml} and the SQL models and command scripts it
 * names. Every problem is a USER {@link PartitaException} whose one-line message names the file,
 * line and column, what is wrong and how to fix it.
 */
public final class PipelineLoader {
  static final String FILE = DefinitionFiles.CONFIG_FILE;
  static final String DEFAULT_WAREHOUSE = "duckdb:.partita/warehouse.duckdb";
  static final String DEFAULT_STATE = "sqlite:.partita/state.db";

  /** A worker silent for longer is declared dead and its tasks return to the queue. */
  public static final Duration DEFAULT_WORKER_TIMEOUT = Duration.ofSeconds(30);

  private static final List<String> TOP_KEYS =
      List.of(
          "name",
          "warehouse",
          "state",
          "partitions",
          "schedule",
          "defaults",
          "pools",
          "assets",
          "lineage",
          "spark",
          "worker_timeout");
  private static final List<String> PARTITION_KEYS = List.of("grain", "start", "end", "timezone");
  private static final List<String> SCHEDULE_KEYS =
      List.of("cron", "catchup", "max_catchup", "watermark_delay", "lookback");
  private static final List<String> DEFAULT_KEYS =
      List.of(
          "concurrency",
          "retries",
          "retry_backoff",
          "timeout",
          "write_mode",
          "time_column",
          "audit_columns",
          "max_partitions_per_run",
          "on_schema_change");
  private static final List<String> LINEAGE_KEYS = List.of("transport", "path", "url", "api_key");

  /**
   * The {@code spark:} block configures {@code warehouse: spark}; only its shape is checked here
   * (with the line of any unknown key): the partita-spark module reads it, core knows no Spark.
   */
  private static final List<String> SPARK_KEYS =
      List.of("master", "connect", "catalog", "namespace", "conf");

  private static final List<String> SPARK_CATALOG_KEYS =
      List.of("name", "type", "warehouse", "uri");

  private final DefinitionSource source;
  private final YamlNodes yaml = new YamlNodes(FILE);

  private PipelineLoader(DefinitionSource source) {
    this.source = source;
  }

  /** Loads the project in {@code projectDir} from the working tree. */
  public static Pipeline load(Path projectDir) {
    return new PipelineLoader(DefinitionSource.workingTree(projectDir)).load();
  }

  /**
   * Loads the definition frozen in {@code files}, reading no definition file from disk; {@code
   * projectDir} only anchors relative warehouse and state paths.
   */
  public static Pipeline load(Path projectDir, DefinitionFiles files) {
    return new PipelineLoader(DefinitionSource.snapshot(projectDir, files)).load();
  }

  /**
   * {@code warehouse:} or {@code state:}; a scheme without a path would open the project directory.
   */
  private String storeUri(Map<String, Node> top, String key, String defaultUri) {
    Optional<String> uri = yaml.optionalString(top, key);
    if (uri.isEmpty()) {
      return defaultUri;
    }
    String value = uri.get().strip();
    int colon = value.indexOf(':');
    if (colon >= 0 && value.substring(colon + 1).isBlank()) {
      throw yaml.error(
          top.get(key),
          key
              + " '"
              + value
              + "' names no file: write a path after the scheme, like "
              + defaultUri);
    }
    return uri.get();
  }

  private Pipeline load() {
    String text =
        source
            .read(FILE)
            .orElseThrow(
                () ->
                    PartitaException.user(
                        "No %s in %s: create one with 'partita init', or pass --project DIR",
                        FILE, source.projectDir().toAbsolutePath().normalize()));
    Node root = compose(text);
    if (root == null || YamlNodes.isNull(root)) {
      throw PartitaException.user(
          "%s is empty: add at least name:, partitions: and assets: (see 'partita init')", FILE);
    }
    Map<String, Node> top = yaml.mapping(root, FILE, TOP_KEYS);
    Map<String, Node> keys = yaml.keyNodes(root);
    Map<String, String> files = new LinkedHashMap<>();
    files.put(FILE, text);

    String name =
        yaml.optionalString(top, "name")
            .orElseThrow(
                () -> yaml.error(root, "missing required key 'name': add name: my_pipeline"));
    String warehouse = storeUri(top, "warehouse", DEFAULT_WAREHOUSE);
    String state = storeUri(top, "state", DEFAULT_STATE);
    if (top.containsKey("spark")) {
      sparkBlock(top.get("spark"), keys.get("spark"), warehouse);
    }
    Node partitionsNode = top.get("partitions");
    if (partitionsNode == null) {
      throw yaml.error(
          root,
          "missing required key 'partitions': add partitions: {grain: day, start: 2024-12-01}");
    }
    PartitionSpec partitions = partitions(partitionsNode);
    Optional<ScheduleSpec> schedule =
        top.containsKey("schedule") ? Optional.of(schedule(top.get("schedule"))) : Optional.empty();
    Defaults defaults = top.containsKey("defaults") ? defaults(top.get("defaults")) : Defaults.SAFE;
    Map<String, Integer> pools = top.containsKey("pools") ? pools(top.get("pools")) : Map.of();
    Duration workerTimeout = yaml.optionalDuration(top, "worker_timeout", DEFAULT_WORKER_TIMEOUT);
    if (workerTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw yaml.error(
          top.get("worker_timeout"),
          "worker_timeout must be at least 1s (a worker heartbeats six times per timeout), e.g."
              + " worker_timeout: 30s");
    }

    Node assetsNode = top.get("assets");
    if (assetsNode == null || YamlNodes.isNull(assetsNode)) {
      Node at = assetsNode == null ? root : keys.get("assets");
      throw yaml.error(at, "no assets: add assets: {raw_events: {sql: models/raw_events.sql}}");
    }
    Map<String, Node> assetNodes = yaml.mapping(assetsNode, "assets", null);
    Map<String, Node> assetKeys = yaml.keyNodes(assetsNode);
    assetKeys.forEach((assetName, keyNode) -> AssetNames.check(yaml, keyNode, assetName));
    AssetParser parser =
        new AssetParser(
            yaml, source, defaults, partitions.grain(), pools.keySet(), assetNodes.keySet(), files);
    Map<String, AssetDefinition> declared = new LinkedHashMap<>();
    assetNodes.forEach(
        (assetName, node) ->
            declared.put(assetName, parser.parse(assetName, assetKeys.get(assetName), node)));

    LineageSettings lineage =
        top.containsKey("lineage") ? lineage(top.get("lineage")) : LineageSettings.DEFAULT;
    return new Pipeline(
        name,
        source.projectDir(),
        new BackendUrls(warehouse, state),
        partitions,
        new PipelineSettings(defaults, pools, schedule, lineage, workerTimeout),
        DependencyGraph.sort(declared),
        new DefinitionFiles(files));
  }

  private static Node compose(String text) {
    try {
      return new Yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where =
          mark == null ? FILE : FILE + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      String problem = e.getProblem() == null ? "syntax error" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw PartitaException.user(
          "%s: malformed YAML: %s%s: fix the syntax there (indentation, colons, quotes)",
          where, problem, context);
    } catch (YAMLException e) {
      throw PartitaException.user("%s: malformed YAML: %s", FILE, e.getMessage());
    }
  }

  private PartitionSpec partitions(Node node) {
    Map<String, Node> entries = yaml.mapping(node, "partitions", PARTITION_KEYS);
    Grain grain = Grain.DAY;
    if (entries.containsKey("grain")) {
      String text = yaml.string(entries.get("grain"), "grain");
      grain = yaml.at(entries.get("grain"), () -> Grain.parse(text));
    }
    Node startNode = entries.get("start");
    if (startNode == null) {
      throw yaml.error(
          node,
          "partitions has no start: add start: " + grain.example() + " (the first partition)");
    }
    PartitionKey start = key(grain, startNode, "start");
    Optional<PartitionKey> end = Optional.empty();
    if (entries.containsKey("end")) {
      PartitionKey last = key(grain, entries.get("end"), "end");
      if (last.compareTo(start) < 0) {
        throw yaml.error(
            entries.get("end"),
            "partitions end " + last + " is before start " + start + ": make end later than start");
      }
      end = Optional.of(last);
    }
    ZoneId timezone = ZoneId.of("UTC");
    if (entries.containsKey("timezone")) {
      String text = yaml.string(entries.get("timezone"), "timezone");
      try {
        timezone = ZoneId.of(text);
      } catch (DateTimeException e) {
        throw yaml.error(
            entries.get("timezone"),
            "unknown timezone '" + text + "': use a region like UTC or Europe/Berlin");
      }
    }
    return new PartitionSpec(grain, start, end, timezone);
  }

  private PartitionKey key(Grain grain, Node node, String key) {
    String text = yaml.string(node, key);
    return yaml.at(node, () -> grain.parseKey(text));
  }

  private ScheduleSpec schedule(Node node) {
    Map<String, Node> entries = yaml.mapping(node, "schedule", SCHEDULE_KEYS);
    String cron =
        yaml.optionalString(entries, "cron")
            .orElseThrow(() -> yaml.error(node, "schedule has no cron: add cron: \"0 2 * * *\""));
    boolean catchup =
        entries.containsKey("catchup") && yaml.bool(entries.get("catchup"), "catchup");
    int maxCatchup = yaml.optionalInteger(entries, "max_catchup", 0, 60);
    Duration watermarkDelay = yaml.optionalDuration(entries, "watermark_delay", Duration.ZERO);
    int lookback = yaml.optionalInteger(entries, "lookback", 0, 0);
    yaml.at(entries.get("cron"), () -> CronExpressions.parse(cron));
    if (lookback > maxCatchup) {
      throw yaml.error(
          entries.get("lookback"),
          "schedule lookback "
              + lookback
              + " is larger than max_catchup "
              + maxCatchup
              + ": lower lookback or raise max_catchup to at least "
              + lookback);
    }
    return new ScheduleSpec(cron, catchup, maxCatchup, watermarkDelay, lookback);
  }

  private Defaults defaults(Node node) {
    Map<String, Node> entries = yaml.mapping(node, "defaults", DEFAULT_KEYS);
    Defaults safe = Defaults.SAFE;
    WriteMode writeMode = safe.writeMode();
    if (entries.containsKey("write_mode")) {
      String text = yaml.string(entries.get("write_mode"), "write_mode");
      writeMode = yaml.at(entries.get("write_mode"), () -> WriteMode.parse(text));
    }
    Duration timeout = yaml.optionalDuration(entries, "timeout", safe.timeout());
    if (timeout.isZero()) {
      throw yaml.error(entries.get("timeout"), "timeout must be longer than 0, e.g. 1h");
    }
    return new Defaults(
        yaml.optionalInteger(entries, "concurrency", 1, safe.concurrency()),
        new AttemptPolicy(
            yaml.optionalInteger(entries, "retries", 0, safe.retries()),
            yaml.optionalDuration(entries, "retry_backoff", safe.retryBackoff()),
            timeout),
        writeMode,
        yaml.optionalString(entries, "time_column"),
        entries.containsKey("audit_columns")
            && yaml.bool(entries.get("audit_columns"), "audit_columns"),
        yaml.optionalInteger(entries, "max_partitions_per_run", 1, safe.maxPartitionsPerRun()),
        AssetParser.onSchemaChange(yaml, entries, safe.onSchemaChange()));
  }

  private void sparkBlock(Node node, Node keyNode, String warehouse) {
    if (!warehouse.strip().equals("spark")) {
      throw yaml.error(
          keyNode,
          "the spark: block configures warehouse: spark, but warehouse is '"
              + warehouse
              + "': set warehouse: spark or remove the spark: block");
    }
    Map<String, Node> entries = yaml.mapping(node, "spark", SPARK_KEYS);
    if (entries.containsKey("catalog")) {
      yaml.mapping(entries.get("catalog"), "spark.catalog", SPARK_CATALOG_KEYS);
    }
    if (entries.containsKey("conf")) {
      yaml.mapping(entries.get("conf"), "spark.conf", null);
    }
  }

  private LineageSettings lineage(Node node) {
    Map<String, Node> entries = yaml.mapping(node, "lineage", LINEAGE_KEYS);
    LineageSettings.Transport transport = LineageSettings.Transport.FILE;
    if (entries.containsKey("transport")) {
      Node at = entries.get("transport");
      String text = yaml.string(at, "transport");
      List<String> names =
          java.util.Arrays.stream(LineageSettings.Transport.values())
              .map(LineageSettings.Transport::lowerName)
              .toList();
      if (!names.contains(text)) {
        throw yaml.error(
            at,
            "unknown lineage transport '"
                + text
                + "'"
                + Names.didYouMean(text, names)
                + ": use file, http or none");
      }
      transport = LineageSettings.Transport.valueOf(text.toUpperCase(java.util.Locale.ROOT));
    }
    Optional<String> url = yaml.optionalString(entries, "url");
    if (transport == LineageSettings.Transport.HTTP) {
      if (url.isEmpty()) {
        throw yaml.error(
            node,
            "lineage transport http needs a url: add url: http://localhost:5000 (e.g. Marquez)");
      }
      try {
        java.net.URI uri = new java.net.URI(url.get());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          throw new java.net.URISyntaxException(url.get(), "not http or https");
        }
      } catch (java.net.URISyntaxException e) {
        throw yaml.error(
            entries.get("url"),
            "lineage url '"
                + url.get()
                + "' is not an http(s) URL: use e.g. http://localhost:5000");
      }
    }
    return new LineageSettings(
        transport,
        yaml.optionalString(entries, "path").orElse(LineageSettings.DEFAULT_PATH),
        url,
        yaml.optionalString(entries, "api_key"));
  }

  private Map<String, Integer> pools(Node node) {
    Map<String, Integer> pools = new LinkedHashMap<>();
    yaml.mapping(node, "pools", null)
        .forEach((pool, sizeNode) -> pools.put(pool, yaml.integer(sizeNode, "pools." + pool, 1)));
    return pools;
  }
}
