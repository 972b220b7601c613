package io.partita.engine.postgres;

import io.partita.engine.SqlDialect;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL's spelling of the {@link SqlDialect}: {@code percentile_cont ... WITHIN GROUP}, date
 * arithmetic by truncation, {@code ::text}. Stateless but for the lineage namespace of its server.
 */
final class PostgresDialect implements SqlDialect {
  /** What {@code partita query} may run: a model's query, or a look at a setting. */
  static final Set<String> READ_KEYWORDS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "SHOW");

  private static final Pattern NUMERIC =
      Pattern.compile(
          "(smallint|integer|bigint|int[248]?|real|double precision|float[48]?"
              + "|numeric.*|decimal.*)");

  private final String namespace;

  /**
   * @param namespace the OpenLineage namespace of the server, {@code postgres://host:port}
   */
  PostgresDialect(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public String quote(String identifier) {
    return PgName.quote(identifier);
  }

  @Override
  public String quantile(String expression, double fraction) {
    checkFraction(fraction);
    return "percentile_cont(" + fraction + ") WITHIN GROUP (ORDER BY " + expression + ")";
  }

  /**
   * One {@code percentile_cont} over an array of fractions, printed as {@code [0.0, 4.0, 8.0]}:
   * PostgreSQL prints the array as {@code {0,4,8}}, so whole numbers get their {@code .0} back.
   */
  @Override
  public String quantilesAsText(String expression, List<Double> fractions) {
    fractions.forEach(PostgresDialect::checkFraction);
    String array =
        "percentile_cont(ARRAY["
            + fractions.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + "]::double precision[]) WITHIN GROUP (ORDER BY "
            + expression
            + ")";
    return "(SELECT '[' || string_agg(regexp_replace(q.v::text, '^(-?[0-9]+)$', '\\1.0'), ', '"
        + " ORDER BY q.i) || ']' FROM unnest("
        + array
        + ") WITH ORDINALITY AS q(v, i))";
  }

  /**
   * Whole units between the truncated timestamps, as DuckDB's {@code date_diff} counts them: the
   * unit boundaries crossed.
   */
  @Override
  public String dateDiff(ChronoUnit unit, String start, String end) {
    String from = "CAST(" + start + " AS timestamp)";
    String to = "CAST(" + end + " AS timestamp)";
    return switch (unit) {
      case MICROS -> epochDiff("microseconds", from, to, 1_000_000);
      case MILLIS -> epochDiff("milliseconds", from, to, 1000);
      case SECONDS -> epochDiff("second", from, to, 1);
      case MINUTES -> epochDiff("minute", from, to, 1.0 / 60);
      case HOURS -> epochDiff("hour", from, to, 1.0 / 3600);
      case DAYS -> "(CAST(" + to + " AS date) - CAST(" + from + " AS date))";
      case WEEKS -> "div(CAST(" + to + " AS date) - CAST(" + from + " AS date), 7)";
      case MONTHS -> "(" + months(to) + " - " + months(from) + ")";
      case YEARS ->
          "(CAST(extract(year FROM "
              + to
              + ") AS bigint) - CAST(extract(year FROM "
              + from
              + ") AS bigint))";
      default -> throw new IllegalArgumentException("no PostgreSQL date part for " + unit);
    };
  }

  private static String epochDiff(String part, String from, String to, double perSecond) {
    String scale = perSecond == Math.rint(perSecond) ? "* " + (long) perSecond : "* " + perSecond;
    return "CAST(round(extract(epoch FROM date_trunc('"
        + part
        + "', "
        + to
        + ") - date_trunc('"
        + part
        + "', "
        + from
        + ")) "
        + scale
        + ") AS bigint)";
  }

  private static String months(String timestamp) {
    return "(CAST(extract(year FROM "
        + timestamp
        + ") AS bigint) * 12 + CAST(extract(month FROM "
        + timestamp
        + ") AS bigint))";
  }

  @Override
  public String castToText(String expression) {
    return "(" + expression + ")::text";
  }

  @Override
  public String stringAgg(String expression, String separator) {
    return "string_agg((" + expression + ")::text, " + PgName.literal(separator) + ")";
  }

  @Override
  public String toDouble(String expression) {
    return "CAST(" + expression + " AS double precision)";
  }

  /** {@code hashtext} of the row as text; its sign is dropped (it returns any int4). */
  @Override
  public String everyNthRow(String rowAlias, long every) {
    return "abs(hashtext(CAST(" + rowAlias + " AS text))::bigint) % " + every + " = 0";
  }

  @Override
  public boolean isNumeric(String type) {
    return NUMERIC.matcher(type.strip().toLowerCase(Locale.ROOT)).matches();
  }

  @Override
  public Set<String> readKeywords() {
    return READ_KEYWORDS;
  }

  /** {@code postgres://host:port}, as OpenLineage names PostgreSQL datasets' namespace. */
  @Override
  public String lineageNamespace(Path location) {
    return namespace;
  }

  private static void checkFraction(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("quantile fraction must be in [0, 1], got " + fraction);
    }
  }
}
