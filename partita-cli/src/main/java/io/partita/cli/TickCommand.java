package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.exec.RunListener;
import io.partita.json.JsonOutput;
import io.partita.json.RunJson;
import io.partita.model.PartitionKey;
import io.partita.project.ProjectContext;
import io.partita.schedule.ScheduleTicker;
import io.partita.schedule.Scheduler;
import io.partita.schedule.TickResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "tick",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate the schedule once and run what is due (catchup, newest partition, lookback).",
      "Example: partita tick --now 2025-03-10T02:00:00Z --json"
    })
final class TickCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(
      names = "--now",
      paramLabel = "TS",
      description = "Evaluate as if it were this instant (ISO-8601, e.g. 2025-03-10T02:00:00Z).")
  String now;

  @Option(names = "--json", description = "Print the tick as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Clock clock = now == null ? Clock.systemUTC() : Clock.fixed(parse(now), ZoneOffset.UTC);
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace.requireInStep();
      Scheduler scheduler =
          new Scheduler(workspace.pipeline(), clock, workspace.state().schedule());
      ScheduleTicker ticker =
          new ScheduleTicker(scheduler, workspace.runs(), workspace.state().schedule(), clock);
      RunListener listener = json ? RunListener.NONE : ProgressReporter.forTerminal(false);
      TickResult result = ticker.tick(listener);
      if (json) {
        System.out.println(JsonOutput.writeIndented(toJson(result)));
      } else {
        print(result);
      }
      return result.exitCode();
    }
  }

  static Instant parse(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw PartitaException.user(
          "--now '%s' is not an instant: write it like 2025-03-10T02:00:00Z", text);
    }
  }

  static void print(TickResult result) {
    System.out.printf(
        "Tick at %s (cron firing %s)%n",
        result.now(), result.plan().firing().map(Instant::toString).orElse("none yet"));
    for (String notice : result.notices()) {
      System.out.println("  " + notice);
    }
    if (result.runs().isEmpty() && !result.plan().paused()) {
      System.out.println("  Nothing due.");
    }
    for (TickResult.Run run : result.runs()) {
      System.out.printf(
          "  %-9s %-24s %s%n",
          run.scheduled().kind().lowerName(),
          run.scheduled().partitionSpec(),
          run.runId()
              .map(id -> id + " " + run.status().map(s -> s.lowerName()).orElse("?"))
              .orElse("skipped: " + run.skipped().orElse("")));
    }
  }

  static ObjectNode toJson(TickResult result) {
    ObjectNode node = JsonOutput.object();
    node.put("now", JsonOutput.time(result.now()));
    node.put("firing", result.plan().firing().map(JsonOutput::time).orElse(null));
    node.put("paused", result.plan().paused());
    ArrayNode runs = node.putArray("runs");
    for (TickResult.Run run : result.runs()) {
      ObjectNode item = runs.addObject();
      item.put("kind", run.scheduled().kind().lowerName());
      item.put("due", run.scheduled().due().key());
      item.set(
          "partitions",
          RunJson.partitions(
              run.scheduled().partitions().stream().map(PartitionKey::key).toList()));
      item.set("assets", RunJson.assets(String.join(",", run.scheduled().assets())));
      item.put("run_id", run.runId().orElse(null));
      item.put("status", run.status().map(s -> s.lowerName()).orElse(null));
      item.put("skipped", run.skipped().orElse(null));
    }
    ArrayNode notices = node.putArray("notices");
    result.notices().forEach(notices::add);
    node.put("exit_code", result.exitCode());
    return node;
  }
}
