package io.partita.exec;

import io.partita.model.DefinitionFiles;
import io.partita.state.RunOptions;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to do after a run failed. {@code resume} re-runs the run's frozen snapshot: right for
 * transient faults (a warehouse outage, a killed process), useless for code faults (an SQL error, a
 * failed check, a failing command) whose fix is a new definition, which only a new run uses.
 */
public final class FailureAdvice {
  /** Error texts of faults that trying again can fix; anything else is the model's or config's. */
  private static final List<String> TRANSIENT =
      List.of(
          "outage",
          "io error",
          "conflict",
          "cancelled",
          "interrupted",
          "killed",
          "timed out",
          "exited with 137",
          "exited with 143",
          "process is gone",
          "recovered");

  private FailureAdvice() {}

  /** A failed check, or a failure whose error is not one of the known transient ones. */
  public static boolean isCodeFault(TaskRecord task) {
    if (task.status() == TaskStatus.FAILED_CHECKS) {
      return true;
    }
    if (task.status() != TaskStatus.FAILED) {
      return false;
    }
    String error = task.error().orElse("").toLowerCase(Locale.ROOT);
    return TRANSIENT.stream().noneMatch(error::contains);
  }

  /** The command that runs the failed partitions of a run with the current definition. */
  public static String reprocessCommand(RunOptions options) {
    StringBuilder command =
        new StringBuilder("partita backfill --reprocess failed --partitions ")
            .append(options.partitions());
    if (!options.assets().isBlank()) {
      command.append(" --assets ").append(options.assets());
    }
    String target = options.target();
    if (target != null && !target.isBlank()) {
      command.append(target.matches("v\\d+") ? " --version " : " --target ").append(target);
    }
    return command.toString();
  }

  /** Files added, removed or edited between a run's snapshot and the working tree, sorted. */
  public static List<String> changedFiles(DefinitionFiles snapshot, DefinitionFiles current) {
    Set<String> changed = new TreeSet<>();
    snapshot
        .files()
        .forEach(
            (path, text) -> {
              if (!text.equals(current.files().get(path))) {
                changed.add(path);
              }
            });
    current.files().keySet().stream()
        .filter(path -> !snapshot.files().containsKey(path))
        .forEach(changed::add);
    return List.copyOf(changed);
  }
}
