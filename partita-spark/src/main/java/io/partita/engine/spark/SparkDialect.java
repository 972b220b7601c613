package io.partita.engine.spark;

import io.partita.engine.SqlDialect;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Spark SQL's spelling of the few things every warehouse spells differently. */
final class SparkDialect implements SqlDialect {
  static final SparkDialect INSTANCE = new SparkDialect();
  static final Set<String> READ_KEYWORDS = Set.of("SELECT", "WITH", "VALUES", "FROM", "TABLE");
  private static final Pattern NUMERIC =
      Pattern.compile("(TINYINT|SMALLINT|INT|INTEGER|BIGINT|FLOAT|REAL|DOUBLE|DECIMAL.*)");

  private SparkDialect() {}

  @Override
  public String quote(String identifier) {
    return IcebergTables.quote(identifier);
  }

  @Override
  public String quantile(String expression, double fraction) {
    checkFraction(fraction);
    return "percentile(" + expression + ", " + fraction + ")";
  }

  @Override
  public String quantilesAsText(String expression, List<Double> fractions) {
    fractions.forEach(SparkDialect::checkFraction);
    String array = fractions.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return "concat('[', array_join(transform(percentile("
        + expression
        + ", array("
        + array
        + ")), q -> CAST(q AS STRING)), ', '), ']')";
  }

  @Override
  public String dateDiff(ChronoUnit unit, String start, String end) {
    String name =
        switch (unit) {
          case SECONDS -> "SECOND";
          case MINUTES -> "MINUTE";
          case HOURS -> "HOUR";
          case DAYS -> "DAY";
          case WEEKS -> "WEEK";
          case MONTHS -> "MONTH";
          case YEARS -> "YEAR";
          default -> throw new IllegalArgumentException("No Spark date unit for " + unit);
        };
    return "timestampdiff("
        + name
        + ", CAST("
        + start
        + " AS TIMESTAMP), CAST("
        + end
        + " AS TIMESTAMP))";
  }

  @Override
  public String castToText(String expression) {
    return "CAST(" + expression + " AS STRING)";
  }

  @Override
  public String stringAgg(String expression, String separator) {
    return "array_join(collect_list("
        + expression
        + "), '"
        + separator.replace("\\", "\\\\").replace("'", "\\'")
        + "')";
  }

  @Override
  public String toDouble(String expression) {
    return "CAST(" + expression + " AS DOUBLE)";
  }

  @Override
  public boolean isNumeric(String type) {
    return NUMERIC.matcher(type.strip().toUpperCase(Locale.ROOT)).matches();
  }

  @Override
  public Set<String> readKeywords() {
    return READ_KEYWORDS;
  }

  /** Iceberg tables are named in OpenLineage by their warehouse location. */
  @Override
  public String lineageNamespace(Path location) {
    return "iceberg+" + location.toAbsolutePath().normalize().toUri();
  }

  private static void checkFraction(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("quantile fraction " + fraction + " is not in [0, 1]");
    }
  }

  @Override
  public String everyNthRow(String rowAlias, long every) {
    // Spark expands a star inside a function's arguments: the hash of every column of the row.
    return "pmod(hash(" + rowAlias + ".*), " + every + ") = 0";
  }
}
