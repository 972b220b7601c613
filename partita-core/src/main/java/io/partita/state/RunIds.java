package io.partita.state;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run ids: the UTC creation time and a random suffix, e.g. {@code 20250301-020000-9f3a}; they sort
 * by time.
 */
public final class RunIds {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RunIds() {}

  public static String next(Instant now) {
    return TIME.format(now)
        + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }
}
