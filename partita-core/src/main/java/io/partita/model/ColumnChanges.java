package io.partita.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How one list of columns differs from another: the columns only {@code after} has, those only
 * {@code before} has, and those both have with different types. Names match case-insensitively, as
 * in DuckDB.
 */
public record ColumnChanges(List<Column> added, List<Column> removed, List<Retyped> retyped) {
  public ColumnChanges {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    retyped = List.copyOf(retyped);
  }

  /** A column and its type as the warehouse spells it, e.g. {@code DECIMAL(18,3)}. */
  public record Column(String name, String type) {
    public Column {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
    }

    @Override
    public String toString() {
      return name + " " + type;
    }
  }

  /**
   * A column both sides have, with type {@code before} on one side and {@code after} on the other.
   */
  public record Retyped(String name, String before, String after) {
    private static final List<String> INTEGERS =
        List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT");
    private static final List<String> FLOATS = List.of("FLOAT", "DOUBLE");

    /**
     * Whether every {@code after} value fits a column of type {@code before} unchanged (a narrower
     * integer or float): such rows can be written into the old column as they are.
     */
    public boolean widens() {
      String from = after.strip().toUpperCase(Locale.ROOT);
      String to = before.strip().toUpperCase(Locale.ROOT);
      return fitsIn(INTEGERS, from, to) || fitsIn(FLOATS, from, to);
    }

    private static boolean fitsIn(List<String> order, String from, String to) {
      return order.contains(from) && order.indexOf(from) <= order.indexOf(to);
    }

    public Retyped {
      requireNonNull(name, "name is null");
      requireNonNull(before, "before is null");
      requireNonNull(after, "after is null");
    }

    @Override
    public String toString() {
      return name + " " + before + " -> " + after;
    }
  }

  public static ColumnChanges between(List<Column> before, List<Column> after) {
    List<Column> added = new ArrayList<>();
    List<Retyped> retyped = new ArrayList<>();
    for (Column column : after) {
      Optional<Column> old = find(before, column.name());
      if (old.isEmpty()) {
        added.add(column);
      } else if (!sameType(old.get().type(), column.type())) {
        retyped.add(new Retyped(old.get().name(), old.get().type(), column.type()));
      }
    }
    List<Column> removed =
        before.stream().filter(column -> find(after, column.name()).isEmpty()).toList();
    return new ColumnChanges(added, removed, retyped);
  }

  /** The columns of {@code columns} that {@code other} has too (by name), in their order. */
  public static List<String> shared(List<Column> columns, List<Column> other) {
    return columns.stream()
        .map(Column::name)
        .filter(name -> find(other, name).isPresent())
        .toList();
  }

  /** These changes without the retyped columns whose new values fit the old type. */
  public ColumnChanges withoutWidenings() {
    return new ColumnChanges(
        added, removed, retyped.stream().filter(column -> !column.widens()).toList());
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && retyped.isEmpty();
  }

  public static List<String> names(List<Column> columns) {
    return columns.stream().map(Column::name).toList();
  }

  private static Optional<Column> find(List<Column> columns, String name) {
    return columns.stream().filter(column -> column.name().equalsIgnoreCase(name)).findFirst();
  }

  private static boolean sameType(String left, String right) {
    return left.strip().toUpperCase(Locale.ROOT).equals(right.strip().toUpperCase(Locale.ROOT));
  }
}
