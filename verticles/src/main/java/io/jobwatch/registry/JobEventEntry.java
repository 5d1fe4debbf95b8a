package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.shared.json.Times;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/** One entry of a job's own event history ({@code GET /jobs/{id}/events}). */
public record JobEventEntry(long seq, String name, long created, String author, String state, int attempt,
                            String reason) {

  void writeTo(ObjectDataOutput out) throws IOException {
    out.writeLong(seq);
    out.writeString(name);
    out.writeLong(created);
    out.writeString(author);
    out.writeString(state);
    out.writeInt(attempt);
    out.writeString(reason);
  }

  static JobEventEntry readFrom(ObjectDataInput in) throws IOException {
    return new JobEventEntry(in.readLong(), in.readString(), in.readLong(), in.readString(), in.readString(),
        in.readInt(), in.readString());
  }


  public JsonObject toJson() {
    return new JsonObject().put("seq", seq).put("name", name).put("created", Times.iso(created))
        .put("author", author).put("state", state).put("attempt", attempt).put("reason", reason);
  }
}
