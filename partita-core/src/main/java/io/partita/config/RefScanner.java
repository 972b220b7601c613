package io.partita.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code ref('x')} / {@code ref("x")} calls in template text, with their 1-based line and
 * column, so dependencies can be inferred without rendering the template.
 */
final class RefScanner {
  private static final Pattern REF =
      Pattern.compile("(?<![A-Za-z0-9_.])ref\\(\\s*(['\"])([^'\"]*)\\1\\s*\\)");

  record Ref(String asset, int line, int column) {}

  private RefScanner() {}

  static List<Ref> scan(String text) {
    List<Ref> refs = new ArrayList<>();
    Matcher matcher = REF.matcher(text);
    int line = 1;
    int lineStart = 0;
    int scanned = 0;
    while (matcher.find()) {
      for (int i = scanned; i < matcher.start(); i++) {
        if (text.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      scanned = matcher.start();
      refs.add(new Ref(matcher.group(2).strip(), line, matcher.start() - lineStart + 1));
    }
    return refs;
  }
}
