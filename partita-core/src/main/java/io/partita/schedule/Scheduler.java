package io.partita.schedule;

import io.partita.PartitaException;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.ScheduleSpec;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.state.RunKind;
import io.partita.state.ScheduleStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what the schedule runs now. At the latest cron firing, each asset's newest due partition
 * is the one whose end plus {@code watermark_delay} has passed. If the scheduler already scheduled
 * it, nothing is due. Otherwise: with {@code catchup}, every partition missed since the last
 * scheduled one gets a CATCHUP run, oldest first, capped at {@code max_catchup} runs (the older
 * rest is refused with the backfill command that fills it); the newest gets a SCHEDULED run that
 * also re-runs the {@code lookback} previous partitions. The first run of an evaluation (or the
 * suggested backfill, when catchup is refused) also covers the {@code lookback} partitions behind
 * the oldest missed one, so rows that landed for them during a downtime are read. The first
 * evaluation ever schedules only the newest: nothing was missed before the scheduler existed.
 *
 * <p>Evaluating writes nothing; {@link ScheduleTicker} creates the runs and marks them scheduled.
 */
public final class Scheduler {
  private final Pipeline pipeline;
  private final ScheduleSpec spec;
  private final CronClock cron;
  private final Clock clock;
  private final ScheduleStore store;

  public Scheduler(Pipeline pipeline, Clock clock, ScheduleStore store) {
    this.pipeline = pipeline;
    this.spec =
        pipeline
            .schedule()
            .orElseThrow(
                () ->
                    PartitaException.user(
                        "partita.yaml has no schedule: add schedule: {cron: \"0 2 * * *\","
                            + " watermark_delay: 0} to schedule runs"));
    this.cron = new CronClock(spec.cron(), pipeline.partitions().timezone());
    this.clock = clock;
    this.store = store;
  }

  public TickPlan evaluate() {
    Instant now = clock.instant();
    if (store.isPaused()) {
      return new TickPlan(
          now,
          Optional.empty(),
          true,
          List.of(),
          List.of("The schedule is paused: `partita schedule resume` resumes it"));
    }
    Optional<Instant> firing = cron.lastFiring(now);
    if (firing.isEmpty()) {
      return new TickPlan(now, firing, false, List.of(), List.of());
    }
    Map<String, String> marks = store.lastScheduled();
    List<ScheduledRun> runs = new ArrayList<>();
    List<String> notices = new ArrayList<>();
    Map<Grain, List<String>> groups = groupsByGrain();
    for (Map.Entry<Grain, List<String>> group : groups.entrySet()) {
      planGroup(
          group.getKey(), group.getValue(), firing.get(), marks, groups.size() > 1, runs, notices);
    }
    return new TickPlan(now, firing, false, runs, notices);
  }

  /** The next cron firing after {@code now}, for the serve loop. */
  public Optional<Instant> nextFiring(Instant now) {
    return cron.nextFiring(now);
  }

  private void planGroup(
      Grain grain,
      List<String> assets,
      Instant firing,
      Map<String, String> marks,
      boolean nameAssets,
      List<ScheduledRun> runs,
      List<String> notices) {
    Optional<PartitionKey> due =
        DuePartitions.newest(grain, pipeline.partitions(), spec.watermarkDelay(), firing);
    if (due.isEmpty()) {
      return;
    }
    PartitionKey newest = due.get();
    Optional<PartitionKey> last = lastScheduled(grain, assets, marks);
    if (last.isPresent() && last.get().compareTo(newest) >= 0) {
      return;
    }
    List<PartitionKey> missed = new ArrayList<>();
    if (spec.catchup() && last.isPresent()) {
      for (PartitionKey key = last.get().plus(1); key.compareTo(newest) <= 0; key = key.plus(1)) {
        missed.add(key);
      }
    } else {
      missed.add(newest);
    }
    int cap = Math.max(1, spec.maxCatchup());
    PartitionKey first = PartitionKey.containing(grain, pipeline.partitions().start().start());
    // The lookback partitions behind the oldest missed one were last built before the downtime:
    // rows that arrived for them meanwhile are picked up by the first run (or by the backfill a
    // refusal suggests), as the runs of the missed partitions would have done on time.
    List<PartitionKey> behind = lookbackBefore(missed.get(0), first);
    if (missed.size() > cap) {
      List<PartitionKey> refused = missed.subList(0, missed.size() - cap);
      notices.add(refusal(assets, missed, refused, behind, nameAssets));
      missed = new ArrayList<>(missed.subList(missed.size() - cap, missed.size()));
      behind = List.of(); // the suggested backfill covers them
    }
    List<PartitionKey> covered = new ArrayList<>(missed);
    covered.addAll(behind);
    for (PartitionKey key : missed.subList(0, missed.size() - 1)) {
      List<PartitionKey> partitions =
          new ArrayList<>(key.equals(missed.get(0)) ? behind : List.of());
      partitions.add(key);
      runs.add(new ScheduledRun(RunKind.CATCHUP, assets, partitions));
    }
    List<PartitionKey> partitions = new ArrayList<>(missed.size() == 1 ? behind : List.of());
    for (PartitionKey key : lookbackBefore(newest, first)) {
      // Partitions caught up in this same evaluation were just computed: no need to redo them.
      if (!covered.contains(key)) {
        partitions.add(key);
      }
    }
    partitions.add(newest);
    runs.add(new ScheduledRun(RunKind.SCHEDULED, assets, partitions));
  }

  /**
   * The {@code lookback} partitions before {@code key}, oldest first, from the first partition on.
   */
  private List<PartitionKey> lookbackBefore(PartitionKey key, PartitionKey first) {
    List<PartitionKey> partitions = new ArrayList<>();
    for (int back = spec.lookback(); back >= 1; back--) {
      PartitionKey earlier = key.plus(-back);
      if (earlier.compareTo(first) >= 0) {
        partitions.add(earlier);
      }
    }
    return partitions;
  }

  private String refusal(
      List<String> assets,
      List<PartitionKey> missed,
      List<PartitionKey> refused,
      List<PartitionKey> behind,
      boolean nameAssets) {
    PartitionKey from = behind.isEmpty() ? refused.get(0) : behind.get(0);
    String range = from.key() + ".." + refused.get(refused.size() - 1).key();
    return String.format(
        "Catchup refused for %d of %d missed partitions (%s..%s): more than max_catchup %d."
            + " Scheduling the newest %d; fill the rest with `partita backfill%s --partitions %s`"
            + "%s (or raise schedule.max_catchup)",
        refused.size(),
        missed.size(),
        missed.get(0).key(),
        missed.get(missed.size() - 1).key(),
        Math.max(1, spec.maxCatchup()),
        missed.size() - refused.size(),
        nameAssets ? " --assets " + String.join(",", assets) : "",
        range,
        behind.isEmpty()
            ? ""
            : String.format(
                " (it starts %d partition(s) before the oldest missed one, the lookback %d, for rows"
                    + " that arrived late for them)",
                behind.size(), spec.lookback()));
  }

  /** The oldest mark of the group: an asset added since the last evaluation starts over. */
  private static Optional<PartitionKey> lastScheduled(
      Grain grain, List<String> assets, Map<String, String> marks) {
    PartitionKey oldest = null;
    for (String asset : assets) {
      String mark = marks.get(asset);
      if (mark == null) {
        return Optional.empty();
      }
      PartitionKey key = grain.parseKey(mark);
      if (oldest == null || key.compareTo(oldest) < 0) {
        oldest = key;
      }
    }
    return Optional.ofNullable(oldest);
  }

  /** Assets by grain in topological order: a run covers one grain. */
  private Map<Grain, List<String>> groupsByGrain() {
    Map<Grain, List<String>> groups = new LinkedHashMap<>();
    for (AssetDefinition asset : pipeline.assets().values()) {
      groups.computeIfAbsent(asset.grain(), g -> new ArrayList<>()).add(asset.name());
    }
    return groups;
  }
}
