package io.partita.cli;

import java.io.PrintStream;
import java.util.List;

/** A plain aligned text table. */
final class TextTable {
  private TextTable() {}

  static void print(PrintStream out, List<String> columns, List<List<Object>> rows) {
    int[] widths = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).length();
    }
    for (List<Object> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.min(60, Math.max(widths[i], Terminal.safe(row.get(i)).length()));
      }
    }
    printRow(out, widths, columns.stream().map(c -> (Object) c).toList());
    StringBuilder rule = new StringBuilder();
    for (int width : widths) {
      rule.append("-".repeat(width)).append("  ");
    }
    out.println(rule.toString().stripTrailing());
    for (List<Object> row : rows) {
      printRow(out, widths, row);
    }
  }

  private static void printRow(PrintStream out, int[] widths, List<Object> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      String text = Terminal.safe(values.get(i));
      if (text.length() > widths[i]) {
        text = text.substring(0, widths[i] - 1) + "…";
      }
      line.append(String.format("%-" + widths[i] + "s", text)).append("  ");
    }
    out.println(line.toString().stripTrailing());
  }
}
