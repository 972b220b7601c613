package io.partita.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the first use of the {@code partition} template variable in a model, without rendering it:
 * inside a {@code {{ ... }}} or {@code {% ... %}} block, outside quoted strings. A model that names
 * its partition cannot be rendered once for a window of several partitions.
 */
final class PartitionVariableScanner {
  private static final Pattern BLOCK = Pattern.compile("\\{[{%](.*?)[}%]\\}", Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern VARIABLE = Pattern.compile("(?<![A-Za-z0-9_.])partition\\b");

  private PartitionVariableScanner() {}

  /** The 1-based line of the first {@code partition} variable, if the template uses it. */
  static Optional<Integer> firstUse(String template) {
    Matcher block = BLOCK.matcher(template);
    while (block.find()) {
      String inner = block.group(1);
      // Blank out quoted strings, keeping offsets, so 'partition' as text is not a use.
      StringBuilder code = new StringBuilder(inner);
      Matcher quoted = QUOTED.matcher(inner);
      while (quoted.find()) {
        for (int i = quoted.start(); i < quoted.end(); i++) {
          code.setCharAt(i, ' ');
        }
      }
      Matcher variable = VARIABLE.matcher(code);
      if (variable.find()) {
        int offset = block.start(1) + variable.start();
        return Optional.of(lineOf(template, offset));
      }
    }
    return Optional.empty();
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
