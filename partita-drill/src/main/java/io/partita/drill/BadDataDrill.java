package io.partita.drill;

import io.partita.config.AssetDefinition;
import io.partita.config.AssetKind;
import io.partita.engine.Engine;
import io.partita.engine.QueryResult;
import io.partita.exec.BackfillRequest;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A partition's input gets duplicates and nulls (the first SQL asset's model, in the copy, also
 * emits 3 duplicated rows and 2 rows with a null key), and unique + not_null checks are added: the
 * re-run must fail its checks, leave the previously published rows live and keep the bad rows in
 * quarantine.
 */
final class BadDataDrill implements Drill {
  private static final String QUARANTINE_SCHEMA = "_partita_quarantine";

  @Override
  public boolean run(DrillRun drill) throws Exception {
    String partition = lastKey(drill.partitions());
    AssetDefinition asset;
    String column;
    String before;
    long rowsBefore;
    try (ProjectContext workspace = drill.openProject()) {
      RunManager runs = workspace.runs();
      BackfillRequest build = BackfillRequest.of(drill.partitions());
      RunRecord run = runs.create(runs.plan(build), build);
      RunResult built = runs.execute(run.id(), RunListener.NONE);
      drill.setup("clean backfill of %s: %s", drill.partitions(), built.status().lowerName());
      asset =
          workspace.pipeline().assets().values().stream()
              .filter(a -> a.kind() == AssetKind.SQL && a.sqlFile().isPresent())
              .findFirst()
              .orElse(null);
      if (asset == null) {
        drill.setup("no SQL asset with a model file to inject bad rows into");
        return false;
      }
      Engine engine = workspace.engine();
      String relation = engine.relation(asset.name());
      QueryResult columns = engine.query("select * from " + relation + " limit 0", 0);
      String timeColumn = asset.timeColumn();
      column =
          asset.uniqueKey().isEmpty()
              ? columns.columns().stream()
                  .filter(c -> !c.equals(timeColumn))
                  .findFirst()
                  .orElse(timeColumn)
              : asset.uniqueKey().get(0);
      before = fingerprint(engine, relation);
      rowsBefore = DrillEvidence.scalar(engine, "select count(*) from " + relation);
    }
    List<String> key = asset.uniqueKey().isEmpty() ? List.of(column) : asset.uniqueKey();
    Path yaml = drill.dir().resolve("partita.yaml");
    String text = Files.readString(yaml);
    String header = "\n  " + asset.name() + ":\n";
    if (!text.contains(header) || asset.checks().size() > 0) {
      drill.setup(
          "cannot add checks to asset %s (needs a block-style entry without checks) in %s",
          asset.name(), yaml);
      return false;
    }
    Files.writeString(
        yaml,
        text.replace(
            header,
            header
                + "    checks:\n      - unique: {columns: "
                + key
                + "}\n      - not_null: {columns: ["
                + column
                + "]}\n"));
    drill.setup(
        "added checks to %s in the copy: unique %s, not_null [%s]", asset.name(), key, column);
    Path model = drill.dir().resolve(asset.sqlFile().get());
    String original = Files.readString(model).strip();
    Files.writeString(
        model,
        "(select * from (\n"
            + original
            + "\n) q)\n"
            + "union all (select * from (\n"
            + original
            + "\n) q limit 3)\n"
            + "union all (select * replace (null as "
            + column
            + ") from (\n"
            + original
            + "\n) q limit 2)\n");
    drill.injected(
        "%s's model now also emits 3 duplicated rows and 2 rows with null %s; re-running partition"
            + " %s",
        asset.name(), column, partition);
    try (ProjectContext workspace = drill.openProject()) {
      Engine engine = workspace.engine();
      Set<String> quarantinedBefore = quarantineTables(engine);
      RunManager runs = workspace.runs();
      BackfillRequest request =
          BackfillRequest.newBuilder(partition)
              .assets(asset.name())
              .maxParallel(1)
              .retries(Optional.of(0))
              .reason(Optional.of("drill bad-data"))
              .actor("drill")
              .build();
      double start = drill.elapsed();
      RunRecord run = runs.create(runs.plan(request), request);
      RunResult result = runs.execute(run.id(), RunListener.NONE);
      double detect = drill.elapsed() - start;
      var task = result.tasks().get(0);
      drill.partita(
          "run %s %s; task %s %s: %s",
          run.id(),
          result.status().lowerName(),
          asset.name(),
          partition,
          task.status().lowerName(),
          task.error().orElse(""));
      drill.timing("detect (bad partition run to checks failing)", detect);
      drill.timing("recover (published data was never replaced)", 0);
      String relation = engine.relation(asset.name());
      String after = fingerprint(engine, relation);
      long rowsAfter = DrillEvidence.scalar(engine, "select count(*) from " + relation);
      drill.evidence(
          "%s published: %,d rows before, %,d after, content fingerprint %s",
          asset.name(), rowsBefore, rowsAfter, before.equals(after) ? "unchanged" : "CHANGED");
      long nullKeys =
          DrillEvidence.scalar(
              engine, "select count(*) from " + relation + " where " + column + " is null");
      drill.evidence("%s published rows with null %s: %d", asset.name(), column, nullKeys);
      Set<String> quarantined = quarantineTables(engine);
      quarantined.removeAll(quarantinedBefore);
      boolean held = false;
      for (String table : quarantined) {
        String name = QUARANTINE_SCHEMA + ".\"" + table + "\"";
        long rows = DrillEvidence.scalar(engine, "select count(*) from " + name);
        long nulls =
            DrillEvidence.scalar(
                engine, "select count(*) from " + name + " where " + column + " is null");
        long duplicates =
            DrillEvidence.scalar(
                engine,
                "select count(*) - count(distinct ("
                    + String.join(", ", key)
                    + ")) from "
                    + name
                    + " where "
                    + column
                    + " is not null");
        drill.evidence(
            "quarantine %s: %,d rows, %d with null %s, %d duplicate keys",
            name, rows, nulls, column, duplicates);
        held |= nulls == 2 && duplicates >= 3;
      }
      return result.status() == RunStatus.FAILED
          && task.status() == TaskStatus.FAILED_CHECKS
          && before.equals(after)
          && nullKeys == 0
          && held;
    }
  }

  static String lastKey(String partitions) {
    int range = partitions.lastIndexOf("..");
    if (range >= 0) {
      return partitions.substring(range + 2).strip();
    }
    return partitions.substring(partitions.lastIndexOf(',') + 1).strip();
  }

  private static String fingerprint(Engine engine, String relation) {
    return engine
        .query("select count(*), sum(hash(t)) from " + relation + " t", 1)
        .rows()
        .get(0)
        .toString();
  }

  private static Set<String> quarantineTables(Engine engine) {
    Set<String> tables = new HashSet<>();
    for (List<Object> row :
        engine
            .query(
                "select table_name from information_schema.tables where table_schema = '"
                    + QUARANTINE_SCHEMA
                    + "'",
                10_000)
            .rows()) {
      tables.add(String.valueOf(row.get(0)));
    }
    return tables;
  }
}
