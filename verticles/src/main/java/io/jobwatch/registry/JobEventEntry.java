package io.jobwatch.registry;

import io.jobwatch.shared.json.Times;
import io.vertx.core.json.JsonObject;

import java.io.Serializable;

/** One entry of a job's own event history ({@code GET /jobs/{id}/events}). */
public record JobEventEntry(long seq, String name, long created, String author, String state, int attempt,
                            String reason) implements Serializable {

  public JsonObject toJson() {
    return new JsonObject().put("seq", seq).put("name", name).put("created", Times.iso(created))
        .put("author", author).put("state", state).put("attempt", attempt).put("reason", reason);
  }
}
