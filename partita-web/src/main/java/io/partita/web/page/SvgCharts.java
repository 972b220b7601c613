package io.partita.web.page;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Small inline SVG charts rendered on the server: no chart library, nothing to download. */
final class SvgCharts {
  static final int WIDTH = 720;
  static final int HEIGHT = 180;
  private static final int LEFT = 52;
  private static final int BOTTOM = 22;
  private static final int TOP = 10;
  private static final String[] COLORS = {"#2f7fd8", "#e8871e", "#d33c3c"};

  private SvgCharts() {}

  /** One bar per label; {@code format} turns a value into the axis and tooltip text. */
  static String bars(
      String id,
      List<String> labels,
      List<Double> values,
      java.util.function.DoubleFunction<String> format) {
    double max = Math.max(values.stream().mapToDouble(Double::doubleValue).max().orElse(0), 1e-9);
    StringBuilder svg = open(id, format.apply(max), format.apply(0));
    double step = plotWidth() / Math.max(1, labels.size());
    for (int i = 0; i < labels.size(); i++) {
      double h = plotHeight() * values.get(i) / max;
      svg.append("<rect x=\"")
          .append(num(LEFT + i * step + 1))
          .append("\" y=\"")
          .append(num(TOP + plotHeight() - h))
          .append("\" width=\"")
          .append(num(Math.max(1, step - 2)))
          .append("\" height=\"")
          .append(num(h))
          .append("\" fill=\"#d33c3c\"><title>")
          .append(Html.escape(labels.get(i) + ": " + format.apply(values.get(i))))
          .append("</title></rect>");
    }
    return close(svg, labels);
  }

  /**
   * One polyline per series (values may be missing), and a dashed horizontal {@code marker} line
   * with its label.
   */
  static String lines(
      String id,
      List<String> labels,
      Map<String, List<Optional<Double>>> series,
      Optional<Double> marker,
      String markerLabel,
      java.util.function.DoubleFunction<String> format) {
    double max =
        series.values().stream()
            .flatMap(List::stream)
            .flatMap(Optional::stream)
            .mapToDouble(Double::doubleValue)
            .max()
            .orElse(0);
    max = Math.max(Math.max(max, marker.orElse(0.0)), 1e-9);
    StringBuilder svg = open(id, format.apply(max), format.apply(0));
    double step = plotWidth() / Math.max(1, labels.size());
    int color = 0;
    for (Map.Entry<String, List<Optional<Double>>> entry : series.entrySet()) {
      String stroke = COLORS[color++ % COLORS.length];
      StringBuilder points = new StringBuilder();
      List<Optional<Double>> values = entry.getValue();
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i).isPresent()) {
          double x = LEFT + i * step + step / 2;
          double y = TOP + plotHeight() - plotHeight() * values.get(i).get() / max;
          points.append(num(x)).append(',').append(num(y)).append(' ');
          svg.append("<circle cx=\"")
              .append(num(x))
              .append("\" cy=\"")
              .append(num(y))
              .append("\" r=\"2\" fill=\"")
              .append(stroke)
              .append("\"><title>")
              .append(
                  Html.escape(
                      entry.getKey()
                          + " "
                          + labels.get(i)
                          + ": "
                          + format.apply(values.get(i).get())))
              .append("</title></circle>");
        }
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(stroke)
          .append("\" points=\"")
          .append(points.toString().strip())
          .append("\"/>");
      svg.append("<text x=\"")
          .append(WIDTH - 60)
          .append("\" y=\"")
          .append(TOP + 10 * color)
          .append("\" fill=\"")
          .append(stroke)
          .append("\">")
          .append(Html.escape(entry.getKey()))
          .append("</text>");
    }
    if (marker.isPresent()) {
      double y = TOP + plotHeight() - plotHeight() * marker.get() / max;
      svg.append("<line class=\"marker\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH)
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\" stroke=\"#1d2330\" stroke-dasharray=\"4 3\"/><text x=\"")
          .append(LEFT + 4)
          .append("\" y=\"")
          .append(num(y - 3))
          .append("\">")
          .append(Html.escape(markerLabel))
          .append("</text>");
    }
    return close(svg, labels);
  }

  private static StringBuilder open(String id, String maxLabel, String zeroLabel) {
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<svg class=\"chart\" id=\"")
        .append(Html.escape(id))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\"><line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(TOP)
        .append("\" y2=\"")
        .append(TOP + plotHeight())
        .append("\" stroke=\"#c4c9d2\"/><line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(WIDTH)
        .append("\" y1=\"")
        .append(TOP + plotHeight())
        .append("\" y2=\"")
        .append(TOP + plotHeight())
        .append("\" stroke=\"#c4c9d2\"/><text x=\"2\" y=\"")
        .append(TOP + 8)
        .append("\">")
        .append(Html.escape(maxLabel))
        .append("</text><text x=\"2\" y=\"")
        .append(TOP + plotHeight())
        .append("\">")
        .append(Html.escape(zeroLabel))
        .append("</text>");
    return svg;
  }

  private static String close(StringBuilder svg, List<String> labels) {
    if (!labels.isEmpty()) {
      svg.append("<text x=\"")
          .append(LEFT)
          .append("\" y=\"")
          .append(HEIGHT - 6)
          .append("\">")
          .append(Html.escape(labels.get(0)))
          .append("</text><text x=\"")
          .append(WIDTH - 4)
          .append("\" y=\"")
          .append(HEIGHT - 6)
          .append("\" text-anchor=\"end\">")
          .append(Html.escape(labels.get(labels.size() - 1)))
          .append("</text>");
    }
    return svg.append("</svg>").toString();
  }

  private static double plotWidth() {
    return WIDTH - LEFT;
  }

  private static double plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
