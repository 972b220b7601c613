package io.partita.web.extension;

import io.javalin.Javalin;
import io.partita.web.page.Html;
import java.util.List;
import java.util.Optional;

/**
 * Extension point for pages that other modules own: late data and scheduler lag (schedule), lineage
 * and audit (lineage), versions and promote/rollback (publish). An extension adds routes and
 * meters, links in the navigation, and sections to a partition's page; {@link DashboardServer}
 * applies the same token rules to its routes (every non-GET needs the bearer token).
 */
public interface DashboardExtension {
  /** A link in the top navigation; {@code path} is a path of this server, e.g. {@code /late}. */
  record NavLink(String label, String path) {}

  default List<NavLink> navigation() {
    return List.of();
  }

  /**
   * Registers pages and endpoints, e.g. {@code /late}, {@code /api/late}, {@code
   * /api/assets/{a}/promote}.
   */
  default void routes(Javalin app, DashboardContext context) {}

  /**
   * A section of the partition page (lineage: inputs and the runs that wrote them; audit entries;
   * versions), as HTML whose every user-controlled value went through {@link Html#escape}.
   */
  default Optional<String> partitionSection(
      DashboardContext context, String asset, String partition) {
    return Optional.empty();
  }
}
