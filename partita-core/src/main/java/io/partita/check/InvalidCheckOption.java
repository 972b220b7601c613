package io.partita.check;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import java.util.Optional;

/**
 * A USER error in one check's options. {@link #option()} names the option at fault, so the config
 * loader can point at its line; the message itself carries no location.
 */
public final class InvalidCheckOption extends PartitaException {
  private final String option;

  public InvalidCheckOption(String option, String message) {
    super(ErrorCategory.USER, message);
    this.option = option;
  }

  /** The option at fault, or empty when the check as a whole is wrong. */
  public Optional<String> option() {
    return Optional.ofNullable(option);
  }
}
