package io.partita.web.server;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.partita.web.extension.DashboardContext;
import io.partita.web.extension.DashboardExtension;
import io.partita.web.page.LateDataExtension;
import io.partita.web.page.LineageExtension;
import io.partita.web.page.VersionsExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/** The extensions {@code partita ui} and {@code partita serve} enable. */
public final class DashboardExtensions {
  private DashboardExtensions() {}

  /** Versions (promote/rollback), late data, lineage and audit on the partition page. */
  public static List<DashboardExtension> standard() {
    return List.of(new VersionsExtension(), new LateDataExtension(), new LineageExtension());
  }

  /**
   * {@link #standard()} plus the gauge {@code partita_scheduler_lag_seconds}: how long after its
   * cron firing the scheduler last evaluated a firing ({@code partita serve}).
   */
  public static List<DashboardExtension> withScheduler(DoubleSupplier lagSeconds) {
    List<DashboardExtension> all = new ArrayList<>(standard());
    all.add(
        new DashboardExtension() {
          @Override
          public void routes(Javalin app, DashboardContext context) {
            Gauge.builder("partita_scheduler_lag_seconds", lagSeconds, DoubleSupplier::getAsDouble)
                .description(
                    "Seconds since the newest due partition became due (end + watermark_delay), 0 once it is materialized")
                .strongReference(true)
                .register(context.metrics());
          }
        });
    return List.copyOf(all);
  }
}
