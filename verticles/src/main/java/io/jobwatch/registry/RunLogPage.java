package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.cluster.Wire;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A slice of one attempt's run log: lines {@code first..first+texts-1}, as {@code GET /jobs/{id}/runlog} answers. */
public record RunLogPage(int attempt, int first, List<String> texts, int lastLine, boolean truncated) {

  /** Characters one page carries at most (at least one line), so no answer or message grows without bound. */
  static final int MAX_CHARS = 256 * 1024;

  /** Lines after {@code after}, at most {@code limit}, copied out of the record. */
  static RunLogPage of(JobRecord record, int attempt, int after, int limit) {
    List<String> log = record.logs.getOrDefault(attempt, new ArrayList<>());
    int from = Math.min(after, log.size());
    int to = from;
    long chars = 0;
    while (to < log.size() && to - from < limit && (to == from || chars + log.get(to).length() <= MAX_CHARS)) {
      chars += log.get(to).length();
      to++;
    }
    return new RunLogPage(attempt, from + 1, new ArrayList<>(log.subList(from, to)), log.size(), to < log.size());
  }

  public void writeTo(ObjectDataOutput out) throws IOException {
    out.writeInt(attempt);
    out.writeInt(first);
    Wire.writeStrings(out, texts);
    out.writeInt(lastLine);
    out.writeBoolean(truncated);
  }

  public static RunLogPage readFrom(ObjectDataInput in) throws IOException {
    return new RunLogPage(in.readInt(), in.readInt(), Wire.readStrings(in), in.readInt(), in.readBoolean());
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
