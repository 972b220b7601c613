package io.partita.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.state.CheckRecord;

/** Check verdicts: {@code partita checks --json} and {@code /api/checks}. */
public final class CheckJson {
  private CheckJson() {}

  /** One verdict, without the failing rows' sample. */
  public static ObjectNode verdict(CheckRecord record) {
    ObjectNode item = JsonOutput.object();
    item.put("asset", record.asset());
    item.put("version", record.version());
    item.put("partition", record.partition());
    item.put("check", record.check());
    item.put("severity", record.severity());
    item.put("outcome", record.outcome());
    item.put("metric", record.metric().orElse(null));
    item.put("threshold", record.threshold());
    item.put("message", record.message());
    item.put("run_id", record.runId());
    item.put("attempt", record.attempt());
    item.put("quarantine", record.quarantine().orElse(null));
    item.put("checked_at", JsonOutput.time(record.createdAt()));
    return item;
  }

  /** One verdict with the failing rows' sample (the API's detail). */
  public static ObjectNode verdictWithSample(CheckRecord record) {
    return verdict(record).put("sample", record.sample().orElse(null));
  }
}
