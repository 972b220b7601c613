package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.engine.Engine;
import io.partita.engine.QueryResult;
import io.partita.json.JsonOutput;
import io.partita.project.ProjectContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Run a read-only SQL query against the warehouse.")
final class QueryCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(
      paramLabel = "SQL",
      description = "The query, e.g. \"select count(*) from features\".")
  String sql;

  @Option(
      names = "--max-rows",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Most rows to print (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Option(
      names = "--json",
      description = "Print {\"columns\": [...], \"rows\": [[...]], \"truncated\": bool}.")
  boolean json;

  @Override
  public Integer call() {
    OptionChecks.atLeast("--max-rows", maxRows, 1);
    try (ProjectContext workspace = ProjectContext.open(project.dir());
        Engine engine = workspace.readOnlyEngine()) {
      QueryResult result = engine.query(sql, maxRows);
      if (json) {
        ObjectNode root = JsonOutput.object();
        ArrayNode columns = root.putArray("columns");
        result.columns().forEach(columns::add);
        ArrayNode rows = root.putArray("rows");
        for (List<Object> row : result.rows()) {
          rows.add(JsonOutput.MAPPER.valueToTree(stringsForTemporal(row)));
        }
        root.put("truncated", result.truncated());
        System.out.println(JsonOutput.writeIndented(root));
      } else {
        TextTable.print(System.out, result.columns(), result.rows());
        if (result.truncated()) {
          System.out.printf("(first %d rows; raise --max-rows for more)%n", maxRows);
        }
      }
      return 0;
    }
  }

  private static List<Object> stringsForTemporal(List<Object> row) {
    List<Object> values = new ArrayList<>(row.size());
    for (Object value : row) {
      values.add(
          value instanceof java.time.temporal.Temporal || value instanceof java.util.Date
              ? value.toString()
              : value);
    }
    return values;
  }
}
