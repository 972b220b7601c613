package io.partita.config;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.OutputTooBigException;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.UnknownTokenException;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.partita.PartitaException;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders SQL models and command arguments with Jinja (jinjava). Templates see {@code start},
 * {@code end}, {@code partition}, {@code ref('x')}, {@code this}, {@code project_dir} and {@code
 * run_id}; every value comes from a validated partition key or the run, never from raw user text.
 * An unknown variable is an error, not an empty string.
 *
 * <p>Thread-safe: one instance renders from many threads at once. Each render gets its own jinjava
 * interpreter, and {@code ref} reads its resolver from that interpreter's context, so concurrent
 * renders never see each other's values.
 */
public final class SqlTemplates {
  /** Binding that carries the render's {@link TemplateContext#ref()} to the static ref function. */
  private static final String REF_BINDING = "__partita_ref";

  private static final DateTimeFormatter HOUR_TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  /** How long one template may render; a real model renders in milliseconds. */
  public static final Duration RENDER_TIME_LIMIT = Duration.ofSeconds(5);

  /** At most this many characters of output (and of any one string) per render. */
  static final long MAX_OUTPUT_CHARS = 10_000_000;

  /** At most this many items in one list or map a template builds. */
  static final int MAX_COLLECTION_SIZE = 100_000;

  /** Variables a plain template may name (see {@link #bindings}). */
  private static final java.util.Set<String> NAMES =
      java.util.Set.of("start", "end", "partition", "this", "project_dir", "run_id");

  /** Templates longer than this always go through jinjava, which limits the output size. */
  private static final int MAX_PLAIN_LENGTH = 1_000_000;

  private final Duration timeLimit;
  private final java.util.concurrent.ConcurrentHashMap<String, Optional<PlainTemplate>> plain =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Jinjava jinjava;

  public SqlTemplates() {
    this(RENDER_TIME_LIMIT);
  }

  /** {@code timeLimit}: how long one render may take before it is stopped with a USER error. */
  SqlTemplates(Duration timeLimit) {
    this.timeLimit = timeLimit;
  }

  /** Built on first use: plain templates never need it. */
  private Jinjava jinjava() {
    Jinjava built = jinjava;
    if (built == null) {
      synchronized (this) {
        built = jinjava;
        if (built == null) {
          built = newJinjava();
          jinjava = built;
        }
      }
    }
    return built;
  }

  private static Jinjava newJinjava() {
    JinjavaConfig config =
        JinjavaConfig.newBuilder()
            .withFailOnUnknownTokens(true)
            .withMaxOutputSize(MAX_OUTPUT_CHARS)
            .withMaxStringLength(MAX_OUTPUT_CHARS)
            .withMaxListSize(MAX_COLLECTION_SIZE)
            .withMaxMapSize(MAX_COLLECTION_SIZE)
            .build();
    Jinjava jinjava = new Jinjava(config);
    jinjava.getGlobalContext().registerTag(new BoundedForTag());
    jinjava
        .getGlobalContext()
        .registerFunction(
            new ELFunctionDefinition("", "ref", SqlTemplates.class, "ref", String.class));
    return jinjava;
  }

  /**
   * Renders a SQL model for one partition; {@code start}/{@code end} are SQL literals ({@code DATE
   * '2025-03-01'}, or {@code TIMESTAMP '2025-03-01 05:00:00'} for hours).
   *
   * @param templateName the model's project-relative path, named in errors
   * @throws PartitaException USER error naming the file and line for a broken template
   */
  public String renderSql(String templateName, String template, TemplateContext ctx) {
    return renderSql(templateName, template, ctx, ctx.partition().end());
  }

  /**
   * Renders a SQL model once for consecutive partitions ({@code batch_size}): {@code start} is the
   * context partition's start and {@code end} the given end of the last partition of the batch.
   */
  public String renderSql(
      String templateName, String template, TemplateContext ctx, LocalDateTime end) {
    PartitionKey partition = ctx.partition();
    if (end.isBefore(partition.end())) {
      throw new IllegalArgumentException(
          "batch end " + end + " lies before the end of partition " + partition);
    }
    Map<String, Object> bindings =
        bindings(
            ctx,
            partition.grain().sqlLiteral(partition.start()),
            partition.grain().sqlLiteral(end));
    return render(templateName, template, bindings, true);
  }

  /**
   * Renders each argv element of a command asset; {@code start}/{@code end} are plain ISO strings
   * ({@code 2025-03-01}, or {@code 2025-03-01T05:00:00} for hours).
   */
  public List<String> renderArguments(List<String> argv, TemplateContext ctx) {
    PartitionKey partition = ctx.partition();
    Map<String, Object> bindings =
        bindings(ctx, isoText(partition, partition.start()), isoText(partition, partition.end()));
    List<String> rendered = new ArrayList<>(argv.size());
    for (int i = 0; i < argv.size(); i++) {
      String name = "command argument " + (i + 1) + " '" + argv.get(i) + "'";
      rendered.add(render(name, argv.get(i), bindings, false));
    }
    return rendered;
  }

  private static String isoText(PartitionKey partition, LocalDateTime bound) {
    return partition.grain() == Grain.HOUR
        ? bound.format(HOUR_TEXT)
        : bound.toLocalDate().toString();
  }

  private static Map<String, Object> bindings(TemplateContext ctx, String start, String end) {
    Map<String, Object> bindings = new HashMap<>();
    bindings.put("start", start);
    bindings.put("end", end);
    bindings.put("partition", ctx.partition().key());
    bindings.put("this", ctx.thisRelation());
    bindings.put("project_dir", ctx.projectDir().toAbsolutePath().normalize().toString());
    bindings.put("run_id", ctx.runId());
    bindings.put(REF_BINDING, ctx.ref());
    return bindings;
  }

  /** {@code withLines}: name the template line in errors (off for one-line command arguments). */
  private String render(
      String templateName, String template, Map<String, Object> bindings, boolean withLines) {
    Optional<PlainTemplate> simple =
        template.length() > MAX_PLAIN_LENGTH
            ? Optional.empty()
            : plain.computeIfAbsent(template, text -> PlainTemplate.parse(text, NAMES));
    if (simple.isPresent()) {
      @SuppressWarnings("unchecked")
      Function<String, String> ref = (Function<String, String>) bindings.get(REF_BINDING);
      try {
        return simple.get().render(bindings, ref);
      } catch (RuntimeException e) {
        // A ref that fails: jinjava renders again and names the template line in the error.
      }
    }
    return renderWithJinjava(templateName, template, bindings, withLines);
  }

  private String renderWithJinjava(
      String templateName, String template, Map<String, Object> bindings, boolean withLines) {
    RenderResult result;
    Map<String, Object> withDeadline = new HashMap<>(bindings);
    withDeadline.put(BoundedForTag.DEADLINE_BINDING, System.nanoTime() + timeLimit.toNanos());
    try {
      result = jinjava().renderForResult(template, withDeadline);
    } catch (RuntimeException e) {
      if (hasCause(e, BoundedForTag.RenderTimeExceeded.class)) {
        throw tooLong(templateName);
      }
      PartitaException cause = partitaCause(e);
      if (cause != null) {
        throw cause;
      }
      throw PartitaException.user("%s", templateName + ": template error: " + e.getMessage());
    }
    for (TemplateError error : result.getErrors()) {
      if (hasCause(error.getException(), BoundedForTag.RenderTimeExceeded.class)) {
        throw tooLong(templateName);
      }
      if (hasCause(error.getException(), OutputTooBigException.class)) {
        throw PartitaException.user(
            "%s",
            templateName
                + ": template output, or a string it builds, is larger than "
                + MAX_OUTPUT_CHARS
                + " characters: reduce its loops");
      }
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw templateError(withLines ? location(templateName, error) : templateName, error);
      }
    }
    return result.getOutput();
  }

  private static PartitaException templateError(String where, TemplateError error) {
    PartitaException cause = partitaCause(error.getException());
    if (cause != null) {
      return PartitaException.user("%s", where + ": " + cause.getMessage());
    }
    String message = error.getMessage();
    if (error.getException() instanceof UnknownTokenException unknown) {
      message = "unknown variable or filter in '{{ " + unknown.getToken() + " }}'";
    }
    return PartitaException.user(
        "%s",
        where
            + ": "
            + message
            + ": use start, end, partition, ref('asset'), this, project_dir or run_id");
  }

  private PartitaException tooLong(String templateName) {
    return PartitaException.user(
        "%s",
        templateName
            + ": template rendering took longer than "
            + (timeLimit.toMillis() % 1000 == 0
                ? timeLimit.toSeconds() + "s"
                : timeLimit.toMillis() + "ms")
            + " and was stopped: reduce its loops (a loop three deep over range(1000) is a"
            + " billion steps)");
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String location(String templateName, TemplateError error) {
    return error.getLineno() > 0 ? templateName + ":" + error.getLineno() : templateName;
  }

  private static PartitaException partitaCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof PartitaException partita) {
        return partita;
      }
    }
    return null;
  }

  /** The {@code ref('x')} template function; jinjava requires a public static method. */
  @SuppressWarnings("unchecked")
  public static String ref(String asset) {
    JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
    if (interpreter == null) {
      throw new IllegalStateException("ref() called outside a template render");
    }
    Function<String, String> resolver =
        (Function<String, String>) interpreter.getContext().get(REF_BINDING);
    return resolver.apply(asset);
  }
}
