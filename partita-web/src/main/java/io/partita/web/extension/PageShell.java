package io.partita.web.extension;

/** The dashboard's page layout (header, navigation, token field) for extension pages. */
public interface PageShell {
  /**
   * A whole page. {@code body} must already be escaped HTML; {@code active} is the navigation label
   * to highlight; {@code scripts} are names under {@code /static}.
   */
  String page(String title, String active, String body, String... scripts);
}
