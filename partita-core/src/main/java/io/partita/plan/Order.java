package io.partita.plan;

import io.partita.PartitaException;
import java.util.Locale;

/** The order in which partitions start: oldest first (default) or newest first. */
public enum Order {
  ASC,
  DESC;

  public static Order parse(String text) {
    for (Order value : values()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw PartitaException.user("Unknown --order '%s': use asc or desc", text);
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
