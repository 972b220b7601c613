package io.partita.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template made only of text and {@code {{ name }}} / {@code {{ ref('asset') }}} expressions, as
 * most models are, rendered by substitution instead of a jinjava interpreter (which copies its
 * whole function and filter library for every render: about a millisecond per partition). Anything
 * else (tags, comments, filters, whitespace control, unknown names) is left to jinjava, which also
 * produces every error message: the two render a plain template to the same text (SqlTemplatesTest
 * compares them).
 */
final class PlainTemplate {
  private static final Pattern EXPRESSION =
      Pattern.compile(
          "\\{\\{ *(?:([a-z_]+)|ref\\( *(?:'([A-Za-z0-9_]+)'|\"([A-Za-z0-9_]+)\") *\\)) *}}");

  /** Text pieces and placeholders in order; a placeholder is a binding name or a ref. */
  private record Piece(String text, String binding, String ref) {}

  private final List<Piece> pieces;

  private PlainTemplate(List<Piece> pieces) {
    this.pieces = pieces;
  }

  /**
   * The template as text and simple expressions over {@code names}, or empty when jinjava must
   * render it.
   */
  static Optional<PlainTemplate> parse(String template, java.util.Set<String> names) {
    if (template.contains("{%") || template.contains("{#")) {
      return Optional.empty();
    }
    List<Piece> pieces = new ArrayList<>();
    Matcher matcher = EXPRESSION.matcher(template);
    int at = 0;
    while (matcher.find()) {
      String text = template.substring(at, matcher.start());
      if (text.contains("{{")) {
        return Optional.empty();
      }
      pieces.add(new Piece(text, null, null));
      String name = matcher.group(1);
      if (name != null && !names.contains(name)) {
        return Optional.empty();
      }
      String ref = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
      pieces.add(new Piece(null, name, ref));
      at = matcher.end();
    }
    String rest = template.substring(at);
    if (rest.contains("{{")) {
      return Optional.empty();
    }
    pieces.add(new Piece(rest, null, null));
    return Optional.of(new PlainTemplate(List.copyOf(pieces)));
  }

  /** Substitutes the bindings; {@code ref} resolves each ref and may throw a USER error. */
  String render(Map<String, Object> bindings, Function<String, String> ref) {
    StringBuilder out = new StringBuilder();
    for (Piece piece : pieces) {
      if (piece.text() != null) {
        out.append(piece.text());
      } else if (piece.binding() != null) {
        out.append(bindings.get(piece.binding()));
      } else {
        out.append(ref.apply(piece.ref()));
      }
    }
    return out.toString();
  }
}
