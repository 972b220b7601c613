package io.partita.engine.spark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.shaded.com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.apache.iceberg.shaded.com.fasterxml.jackson.annotation.PropertyAccessor;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * An Iceberg REST catalog for tests, in this JVM over real HTTP: the JDK's HTTP server answers the
 * REST catalog protocol with Iceberg's own server-side handlers ({@link CatalogHandlers}) over a
 * {@link JdbcCatalog} in a SQLite file, with table files in a directory. One thread serves requests
 * in order, so a {@code POST /v1/transactions/commit} validates every table's requirements and then
 * commits every table with no request in between (as Iceberg's own test adapter does; a production
 * REST catalog commits the transaction in its store).
 *
 * <p>{@link #loseNextCommitAnswer} makes the next transaction commit land but its answer fail (the
 * connection closes without a response), as when a network drops the reply.
 */
final class RestCatalogServer implements AutoCloseable {
  private static final ObjectMapper MAPPER = mapper();

  private final JdbcCatalog catalog;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final AtomicInteger commitAnswersToLose = new AtomicInteger();
  private final AtomicInteger transactionCommits = new AtomicInteger();

  private RestCatalogServer(JdbcCatalog catalog, HttpServer server) {
    this.catalog = catalog;
    this.server = server;
  }

  /** Starts a catalog keeping its pointers in {@code dir/catalog.db}, its files in {@code dir}. */
  static RestCatalogServer start(Path dir) {
    return start(dir, 0);
  }

  /** As {@link #start(Path)} on a given port (0: any free one), e.g. to restart a stopped one. */
  static RestCatalogServer start(Path dir, int port) {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(
        "rest_backend",
        Map.of(
            CatalogProperties.URI,
            "jdbc:sqlite:" + dir.resolve("catalog.db"),
            CatalogProperties.WAREHOUSE_LOCATION,
            dir.resolve("warehouse").toString(),
            "jdbc.schema-version",
            "V1"));
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      RestCatalogServer rest = new RestCatalogServer(catalog, server);
      server.createContext("/", rest::handle);
      server.setExecutor(rest.executor);
      server.start();
      return rest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>}: the catalog's {@code uri}. */
  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The next {@code POST /v1/transactions/commit} commits, then closes without an answer. */
  void loseNextCommitAnswer() {
    commitAnswersToLose.incrementAndGet();
  }

  /** How many multi-table transactions this server committed. */
  int transactionCommits() {
    return transactionCommits.get();
  }

  /** The backing catalog, to look at tables and views as another reader would. */
  JdbcCatalog backend() {
    return catalog;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    catalog.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      List<String> parts = new ArrayList<>();
      for (String part : path.split("/")) {
        if (!part.isEmpty()) {
          parts.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
        }
      }
      Object answer;
      try {
        answer = route(method, parts, exchange);
      } catch (LostAnswer lost) {
        return;
      } catch (RuntimeException e) {
        respond(exchange, status(e), error(e, status(e)));
        return;
      }
      respond(exchange, answer == null ? 204 : 200, answer);
    } finally {
      exchange.close();
    }
  }

  /** Thrown after a commit whose answer is to be lost: the exchange closes unanswered. */
  private static final class LostAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private Object route(String method, List<String> p, HttpExchange exchange) throws IOException {
    int n = p.size();
    if (n < 2 || !p.get(0).equals("v1")) {
      throw new NoSuchTableException("No route for %s %s", method, p);
    }
    String root = p.get(1);
    if (n == 2 && root.equals("config")) {
      return ConfigResponse.builder().withEndpoints(ENDPOINTS).build();
    }
    if (n == 2 && root.equals("namespaces")) {
      return method.equals("GET")
          ? CatalogHandlers.listNamespaces(catalog, Namespace.empty())
          : CatalogHandlers.createNamespace(catalog, read(exchange, CreateNamespaceRequest.class));
    }
    if (n == 3 && root.equals("tables") && p.get(2).equals("rename")) {
      CatalogHandlers.renameTable(catalog, read(exchange, RenameTableRequest.class));
      return null;
    }
    if (n == 3 && root.equals("views") && p.get(2).equals("rename")) {
      CatalogHandlers.renameView(catalog, read(exchange, RenameTableRequest.class));
      return null;
    }
    if (n == 3 && root.equals("transactions") && p.get(2).equals("commit")) {
      commitTransaction(read(exchange, CommitTransactionRequest.class));
      if (commitAnswersToLose.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
        throw new LostAnswer();
      }
      return null;
    }
    if (!root.equals("namespaces") || n < 3) {
      throw new NoSuchTableException("No route for %s %s", method, p);
    }
    Namespace namespace = Namespace.of(p.get(2).split("\u001f"));
    if (n == 3) {
      return switch (method) {
        case "HEAD" -> {
          CatalogHandlers.namespaceExists(catalog, namespace);
          yield null;
        }
        case "DELETE" -> {
          CatalogHandlers.dropNamespace(catalog, namespace);
          yield null;
        }
        default -> CatalogHandlers.loadNamespace(catalog, namespace);
      };
    }
    String kind = p.get(3);
    if (n == 4 && kind.equals("properties")) {
      return CatalogHandlers.updateNamespaceProperties(
          catalog, namespace, read(exchange, UpdateNamespacePropertiesRequest.class));
    }
    boolean views = kind.equals("views");
    if (n == 4) {
      if (method.equals("GET")) {
        return views
            ? CatalogHandlers.listViews(catalog, namespace)
            : CatalogHandlers.listTables(catalog, namespace);
      }
      if (views) {
        return CatalogHandlers.createView(
            catalog, namespace, read(exchange, CreateViewRequest.class));
      }
      CreateTableRequest create = read(exchange, CreateTableRequest.class);
      return create.stageCreate()
          ? CatalogHandlers.stageTableCreate(catalog, namespace, create)
          : CatalogHandlers.createTable(catalog, namespace, create);
    }
    TableIdentifier id = TableIdentifier.of(namespace, p.get(4));
    if (n == 6 && p.get(5).equals("metrics")) {
      return null;
    }
    return switch (method) {
      case "HEAD" -> {
        if (views) {
          CatalogHandlers.viewExists(catalog, id);
        } else {
          CatalogHandlers.tableExists(catalog, id);
        }
        yield null;
      }
      case "DELETE" -> {
        if (views) {
          CatalogHandlers.dropView(catalog, id);
        } else if ("true".equals(query(exchange, "purgeRequested"))) {
          CatalogHandlers.purgeTable(catalog, id);
        } else {
          CatalogHandlers.dropTable(catalog, id);
        }
        yield null;
      }
      case "POST" ->
          views
              ? CatalogHandlers.updateView(catalog, id, read(exchange, UpdateTableRequest.class))
              : CatalogHandlers.updateTable(catalog, id, read(exchange, UpdateTableRequest.class));
      default ->
          views
              ? CatalogHandlers.loadView(catalog, id)
              : CatalogHandlers.loadTable(catalog, id, RESTCatalogProperties.SnapshotMode.ALL);
    };
  }

  /**
   * Every table's requirements hold against its current metadata, or nothing is committed; then
   * each table commits its updates (nothing else runs on this server's one thread meanwhile).
   */
  private void commitTransaction(CommitTransactionRequest request) {
    List<TableOperations> operations = new ArrayList<>();
    List<TableMetadata> bases = new ArrayList<>();
    List<TableMetadata> updated = new ArrayList<>();
    for (UpdateTableRequest change : request.tableChanges()) {
      TableOperations ops = ((BaseTable) catalog.loadTable(change.identifier())).operations();
      TableMetadata base = ops.refresh();
      for (UpdateRequirement requirement : change.requirements()) {
        requirement.validate(base);
      }
      TableMetadata.Builder builder = TableMetadata.buildFrom(base);
      for (MetadataUpdate update : change.updates()) {
        update.applyTo(builder);
      }
      operations.add(ops);
      bases.add(base);
      updated.add(builder.build());
    }
    for (int i = 0; i < operations.size(); i++) {
      operations.get(i).commit(bases.get(i), updated.get(i));
    }
    transactionCommits.incrementAndGet();
  }

  private static String query(HttpExchange exchange, String key) {
    String query = exchange.getRequestURI().getQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(key)) {
        return kv.length > 1 ? kv[1] : "";
      }
    }
    return null;
  }

  private static <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      return MAPPER.readValue(body, type);
    }
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static int status(RuntimeException e) {
    if (e instanceof NoSuchTableException
        || e instanceof NoSuchNamespaceException
        || e instanceof NoSuchViewException) {
      return 404;
    }
    if (e instanceof AlreadyExistsException
        || e instanceof CommitFailedException
        || e instanceof NamespaceNotEmptyException) {
      return 409;
    }
    if (e instanceof ValidationException || e instanceof IllegalArgumentException) {
      return 400;
    }
    return 500;
  }

  private static ErrorResponse error(RuntimeException e, int status) {
    return ErrorResponse.builder()
        .responseCode(status)
        .withType(e.getClass().getSimpleName())
        .withMessage(String.valueOf(e.getMessage()))
        .build();
  }

  private static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
    RESTSerializers.registerAll(mapper);
    return mapper;
  }

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          Endpoint.V1_LIST_NAMESPACES,
          Endpoint.V1_LOAD_NAMESPACE,
          Endpoint.V1_NAMESPACE_EXISTS,
          Endpoint.V1_CREATE_NAMESPACE,
          Endpoint.V1_UPDATE_NAMESPACE,
          Endpoint.V1_DELETE_NAMESPACE,
          Endpoint.V1_COMMIT_TRANSACTION,
          Endpoint.V1_LIST_TABLES,
          Endpoint.V1_LOAD_TABLE,
          Endpoint.V1_TABLE_EXISTS,
          Endpoint.V1_CREATE_TABLE,
          Endpoint.V1_UPDATE_TABLE,
          Endpoint.V1_DELETE_TABLE,
          Endpoint.V1_RENAME_TABLE,
          Endpoint.V1_REPORT_METRICS,
          Endpoint.V1_LIST_VIEWS,
          Endpoint.V1_LOAD_VIEW,
          Endpoint.V1_VIEW_EXISTS,
          Endpoint.V1_CREATE_VIEW,
          Endpoint.V1_UPDATE_VIEW,
          Endpoint.V1_DELETE_VIEW,
          Endpoint.V1_RENAME_VIEW);
}
