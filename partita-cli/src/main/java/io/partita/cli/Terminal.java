package io.partita.cli;

/**
 * Text that users or their data wrote (a run's reason and actor, error and check messages, query
 * results), made safe to print on a terminal: a control character would otherwise be interpreted,
 * so that an escape sequence in {@code --reason} could recolour, clear or rewrite what is shown.
 * Only for text output; JSON output is escaped by Jackson.
 */
final class Terminal {
  private Terminal() {}

  /**
   * {@code text} with every control character except newline and tab written as {@code \\uXXXX},
   * e.g. ESC as {@code \\u001b}; {@code null} stays {@code "null"}, as {@code String.valueOf}
   * prints it.
   */
  static String safe(Object text) {
    String value = String.valueOf(text);
    StringBuilder escaped = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean unsafe = Character.isISOControl(c) && c != '\n' && c != '\t' || isBidiControl(c);
      if (unsafe && escaped == null) {
        escaped = new StringBuilder(value.length() + 16).append(value, 0, i);
      }
      if (unsafe) {
        escaped.append(String.format("\\u%04x", (int) c));
      } else if (escaped != null) {
        escaped.append(c);
      }
    }
    return escaped == null ? value : escaped.toString();
  }

  /** Bidirectional overrides and isolates reorder what follows them (the "Trojan Source" trick). */
  private static boolean isBidiControl(char c) {
    return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
  }
}
