package io.partita.cli;

/** Counted nouns for messages: {@code 1 task}, {@code 2 tasks}, {@code 1,234 rows}. */
final class Words {
  private Words() {}

  /** {@code count} and {@code noun}, plural (noun + "s") unless count is 1; thousands separated. */
  static String count(long count, String noun) {
    return String.format("%,d %s%s", count, noun, count == 1 ? "" : "s");
  }
}
