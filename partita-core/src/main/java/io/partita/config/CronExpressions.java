package io.partita.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.partita.PartitaException;

/**
 * Cron expressions of {@code schedule.cron}: UNIX syntax (minute hour day-of-month month
 * day-of-week).
 */
public final class CronExpressions {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private CronExpressions() {}

  /**
   * Parses {@code text}.
   *
   * @throws PartitaException USER naming the expression and what is wrong with it
   */
  public static Cron parse(String text) {
    try {
      Cron cron = PARSER.parse(text.strip());
      cron.validate();
      return cron;
    } catch (IllegalArgumentException e) {
      throw PartitaException.user(
          "invalid cron \"%s\": %s: write 5 UNIX fields (minute hour day-of-month month"
              + " day-of-week), e.g. \"0 2 * * *\" for daily at 02:00",
          text, e.getMessage());
    }
  }
}
