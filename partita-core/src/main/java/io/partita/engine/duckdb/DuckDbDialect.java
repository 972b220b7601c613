package io.partita.engine.duckdb;

import io.partita.engine.SqlDialect;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** DuckDB's spelling of the {@link SqlDialect}. Stateless. */
public final class DuckDbDialect implements SqlDialect {
  /** The one instance; the dialect has no state. */
  public static final DuckDbDialect INSTANCE = new DuckDbDialect();

  /** What {@code partita query} may run: a model's query, or a look at the catalog. */
  public static final Set<String> READ_KEYWORDS =
      Set.of("SELECT", "WITH", "VALUES", "FROM", "DESCRIBE", "SHOW", "SUMMARIZE");

  private static final Pattern NUMERIC =
      Pattern.compile(
          "(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*)");

  private DuckDbDialect() {}

  @Override
  public String quote(String identifier) {
    return TableName.quote(identifier);
  }

  @Override
  public String quantile(String expression, double fraction) {
    checkFraction(fraction);
    return "quantile_cont(" + expression + ", " + fraction + ")";
  }

  @Override
  public String quantilesAsText(String expression, List<Double> fractions) {
    fractions.forEach(DuckDbDialect::checkFraction);
    String list = fractions.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return "CAST(quantile_cont(" + expression + ", [" + list + "]) AS VARCHAR)";
  }

  @Override
  public String dateDiff(ChronoUnit unit, String start, String end) {
    String name =
        switch (unit) {
          case MICROS -> "microsecond";
          case MILLIS -> "millisecond";
          case SECONDS -> "second";
          case MINUTES -> "minute";
          case HOURS -> "hour";
          case DAYS -> "day";
          case WEEKS -> "week";
          case MONTHS -> "month";
          case YEARS -> "year";
          default -> throw new IllegalArgumentException("no DuckDB date part for " + unit);
        };
    return "date_diff('" + name + "', " + start + ", " + end + ")";
  }

  @Override
  public String castToText(String expression) {
    return "CAST(" + expression + " AS VARCHAR)";
  }

  @Override
  public String stringAgg(String expression, String separator) {
    return "string_agg(" + expression + ", " + TableName.literal(separator) + ")";
  }

  @Override
  public String toDouble(String expression) {
    return "CAST(" + expression + " AS DOUBLE)";
  }

  @Override
  public String everyNthRow(String rowAlias, long every) {
    return "hash(" + rowAlias + ") % " + every + " = 0";
  }

  @Override
  public boolean isNumeric(String type) {
    return NUMERIC.matcher(type.toUpperCase(Locale.ROOT)).matches();
  }

  @Override
  public Set<String> readKeywords() {
    return READ_KEYWORDS;
  }

  @Override
  public String lineageNamespace(Path location) {
    return "duckdb://" + location.toAbsolutePath().normalize();
  }

  private static void checkFraction(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("quantile fraction must be in [0, 1], got " + fraction);
    }
  }
}
