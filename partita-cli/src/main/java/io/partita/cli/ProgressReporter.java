package io.partita.cli;

import io.partita.exec.RunListener;
import io.partita.exec.RunResult;
import io.partita.json.JsonOutput;
import io.partita.state.RunRecord;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress: a progress bar on a terminal, one plain log line per finished task
 * otherwise (CI logs, pipes). Thread-safe: workers report task starts.
 */
final class ProgressReporter implements RunListener {
  private final PrintStream out;
  private final boolean bar;
  private final boolean quiet;
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private ProgressBar progress;

  private ProgressReporter(PrintStream out, boolean bar, boolean quiet) {
    this.out = out;
    this.bar = bar;
    this.quiet = quiet;
  }

  /**
   * Progress on stderr: a bar when it is a terminal, log lines otherwise; nothing when {@code
   * quiet}.
   */
  static ProgressReporter forTerminal(boolean quiet) {
    return new ProgressReporter(System.err, System.console() != null, quiet);
  }

  @Override
  public synchronized void runStarted(RunRecord run, int totalTasks, int alreadyDone) {
    if (quiet) {
      return;
    }
    if (bar) {
      progress =
          new ProgressBarBuilder()
              .setTaskName(run.id())
              .setInitialMax(totalTasks)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(out))
              .setUpdateIntervalMillis(200)
              .showSpeed()
              .build();
      progress.stepTo(alreadyDone);
    } else if (alreadyDone > 0) {
      out.printf(
          "%s resuming: %d of %s already done%n",
          run.id(), alreadyDone, Words.count(totalTasks, "task"));
    }
  }

  @Override
  public void taskStarted(TaskRecord task) {
    running.incrementAndGet();
  }

  @Override
  public synchronized void taskFinished(TaskRecord task) {
    if (task.status() != TaskStatus.UPSTREAM_FAILED && task.status() != TaskStatus.CANCELLED) {
      running.decrementAndGet();
    }
    if (task.status() == TaskStatus.FAILED) {
      failed.incrementAndGet();
    }
    if (quiet) {
      return;
    }
    if (bar && progress != null) {
      if (task.status().isTerminal()) {
        progress.step();
      }
      progress.setExtraMessage(extraMessage(running.get(), failed.get()));
      return;
    }
    String duration =
        task.startedAt().isPresent() && task.finishedAt().isPresent()
            ? Duration.between(task.startedAt().get(), task.finishedAt().get()).toMillis() + " ms"
            : "";
    out.printf(
        "%s %-15s %s %s attempt=%d%s %s%s%n",
        JsonOutput.time(Instant.now()),
        task.status().lowerName(),
        task.asset(),
        task.partition(),
        task.attempts(),
        task.rowsWritten().map(rows -> " rows=" + rows).orElse(""),
        duration,
        task.error()
            .filter(e -> task.status() != TaskStatus.SUCCEEDED)
            .map(e -> "\n    " + Terminal.safe(firstLine(e)))
            .orElse(""));
  }

  @Override
  public synchronized void runFinished(RunResult result) {
    if (progress != null) {
      progress.close();
      progress = null;
    }
  }

  /**
   * The bar's extra message. The bar prints it right after the speed ({@code 13.3/s}), so it starts
   * with a separator: {@code 13.3/s · 2 running, 1 failed}.
   */
  static String extraMessage(int running, int failed) {
    return " · " + running + " running" + (failed > 0 ? ", " + failed + " failed" : "");
  }

  static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline) + " …";
  }
}
