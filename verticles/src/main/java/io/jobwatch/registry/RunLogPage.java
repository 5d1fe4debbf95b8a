package io.jobwatch.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A slice of one attempt's run log: lines {@code first..first+texts-1}, as {@code GET /jobs/{id}/runlog} answers. */
public record RunLogPage(int attempt, int first, List<String> texts, int lastLine, boolean truncated)
    implements Serializable {

  /** Lines after {@code after}, at most {@code limit}, copied out of the record. */
  static RunLogPage of(JobRecord record, int attempt, int after, int limit) {
    List<String> log = record.logs.getOrDefault(attempt, new ArrayList<>());
    int from = Math.min(after, log.size());
    int to = Math.min(log.size(), from + limit);
    return new RunLogPage(attempt, from + 1, new ArrayList<>(log.subList(from, to)), log.size(), to < log.size());
  }

  public JsonObject toJson() {
    JsonArray lines = new JsonArray();
    for (int i = 0; i < texts.size(); i++) {
      lines.add(new JsonObject().put("n", first + i).put("text", texts.get(i)));
    }
    return new JsonObject().put("attempt", attempt).put("lines", lines).put("lastLine", lastLine)
        .put("truncated", truncated);
  }
}
