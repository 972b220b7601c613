package io.partita.model;

import io.partita.PartitaException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The size of one partition. Keys are ISO-8601 strings: {@code 2025-03-01T05} (hour), {@code
 * 2025-03-01} (day), {@code 2025-W09} (ISO week, starting Monday), {@code 2025-03} (month).
 */
public enum Grain {
  HOUR(Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}"), "2025-03-01T05"),
  DAY(Pattern.compile("\\d{4}-\\d{2}-\\d{2}"), "2025-03-01"),
  WEEK(Pattern.compile("\\d{4}-W\\d{2}"), "2025-W09"),
  MONTH(Pattern.compile("\\d{4}-\\d{2}"), "2025-03");

  private static final DateTimeFormatter HOUR_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH");

  private final Pattern keyPattern;
  private final String example;

  Grain(Pattern keyPattern, String example) {
    this.keyPattern = keyPattern;
    this.example = example;
  }

  public static Grain parse(String name) {
    for (Grain grain : values()) {
      if (grain.name().equalsIgnoreCase(name)) {
        return grain;
      }
    }
    throw PartitaException.user("Unknown grain '%s': use hour, day, week or month", name);
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String example() {
    return example;
  }

  /** Parses a key of this grain; a key of another grain or a malformed one is a USER error. */
  public PartitionKey parseKey(String key) {
    String text = key.strip();
    if (!keyPattern.matcher(text).matches()) {
      Grain other = detect(text);
      if (other != null) {
        throw PartitaException.user(
            "Partition key '%s' is %s %s key but the asset is partitioned by %s: write it like '%s'",
            text, other == HOUR ? "an" : "a", other.lowerName(), lowerName(), example);
      }
      throw PartitaException.user(
          "Malformed partition key '%s': a %s key looks like '%s'", text, lowerName(), example);
    }
    LocalDateTime start;
    try {
      start = parseStart(text);
    } catch (DateTimeParseException e) {
      throw PartitaException.user(
          "Invalid partition key '%s' (%s): a %s key looks like '%s'",
          text, e.getMessage(), lowerName(), example);
    }
    if (start.isAfter(lastStart())) {
      throw PartitaException.user(
          "Partition key '%s' is past the last supported %s partition %s: a partition must end by"
              + " 9999-12-31, the last date the warehouse can store",
          text, lowerName(), format(lastStart()));
    }
    return new PartitionKey(this, start);
  }

  /**
   * The start of the last partition whose end (the exclusive upper bound of its window) is still a
   * date of year 9999 or earlier: the warehouse writes dates with four-digit years.
   */
  public LocalDateTime lastStart() {
    LocalDateTime last = truncate(LocalDateTime.of(9999, 12, 31, 23, 0));
    return plus(last, 1).getYear() > 9999 ? plus(last, -1) : last;
  }

  private static Grain detect(String text) {
    for (Grain grain : values()) {
      if (grain.keyPattern.matcher(text).matches()) {
        return grain;
      }
    }
    return null;
  }

  private LocalDateTime parseStart(String text) {
    return switch (this) {
      case HOUR -> LocalDateTime.parse(text, HOUR_FORMAT);
      case DAY -> LocalDate.parse(text).atStartOfDay();
      case WEEK -> {
        int year = Integer.parseInt(text.substring(0, 4));
        int week = Integer.parseInt(text.substring(6));
        LocalDate probe = LocalDate.of(year, 6, 1);
        if (week < 1 || week > probe.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
          throw new DateTimeParseException("week " + week + " does not exist in " + year, text, 6);
        }
        yield probe
            .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .atStartOfDay();
      }
      case MONTH -> YearMonth.parse(text).atDay(1).atStartOfDay();
    };
  }

  /** The start of the partition of this grain that contains {@code time}. */
  public LocalDateTime truncate(LocalDateTime time) {
    return switch (this) {
      case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
      case DAY -> time.truncatedTo(ChronoUnit.DAYS);
      case WEEK ->
          time.toLocalDate()
              .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
              .atStartOfDay();
      case MONTH -> time.toLocalDate().withDayOfMonth(1).atStartOfDay();
    };
  }

  public boolean isAligned(LocalDateTime time) {
    return truncate(time).equals(time);
  }

  public LocalDateTime plus(LocalDateTime start, long partitions) {
    return switch (this) {
      case HOUR -> start.plusHours(partitions);
      case DAY -> start.plusDays(partitions);
      case WEEK -> start.plusWeeks(partitions);
      case MONTH -> start.plusMonths(partitions);
    };
  }

  /** Whole partitions from {@code from} to {@code to} (negative when {@code to} is earlier). */
  public long between(LocalDateTime from, LocalDateTime to) {
    return switch (this) {
      case HOUR -> ChronoUnit.HOURS.between(from, to);
      case DAY -> ChronoUnit.DAYS.between(from, to);
      case WEEK -> ChronoUnit.WEEKS.between(from, to);
      case MONTH -> ChronoUnit.MONTHS.between(from, to);
    };
  }

  public String format(LocalDateTime start) {
    return switch (this) {
      case HOUR -> start.format(HOUR_FORMAT);
      case DAY -> start.toLocalDate().toString();
      case WEEK ->
          String.format(
              "%04d-W%02d",
              start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case MONTH -> YearMonth.from(start).toString();
    };
  }

  /** The SQL literal of a window bound: DATE for day and coarser grains, TIMESTAMP for hours. */
  public String sqlLiteral(LocalDateTime bound) {
    if (this == HOUR) {
      return "TIMESTAMP '"
          + bound.toLocalDate()
          + " "
          + String.format("%02d:00:00", bound.getHour())
          + "'";
    }
    return "DATE '" + bound.toLocalDate() + "'";
  }
}
