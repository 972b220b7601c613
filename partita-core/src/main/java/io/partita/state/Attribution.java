package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Who made a change and why, as kept in history. */
public record Attribution(String actor, Optional<String> reason) {
  public Attribution {
    requireNonNull(actor, "actor is null");
    requireNonNull(reason, "reason is null");
  }
}
