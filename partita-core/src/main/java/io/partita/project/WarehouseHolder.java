package io.partita.project;

import io.partita.exec.Owner;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names what the process holding the warehouse is doing, from the runs it owns. */
final class WarehouseHolder {
  private static final Pattern PID = Pattern.compile("PID (\\d+)");

  private WarehouseHolder() {}

  /** E.g. {@code "; it executes run 20250301-..."}, or "" when the holder owns no running run. */
  static String describe(String conflictMessage, StateStore state) {
    Matcher pid = PID.matcher(conflictMessage);
    if (!pid.find()) {
      return "";
    }
    long holder = Long.parseLong(pid.group(1));
    try {
      List<String> runs =
          state.runs().withStatus(List.of(RunStatus.RUNNING)).stream()
              .filter(
                  run ->
                      run.owner().map(owner -> Owner.pid(owner).orElse(-1) == holder).orElse(false))
              .map(RunRecord::id)
              .toList();
      return runs.isEmpty() ? "" : "; it executes run " + String.join(", ", runs);
    } catch (RuntimeException e) {
      return ""; // The message without the run is still actionable.
    }
  }
}
