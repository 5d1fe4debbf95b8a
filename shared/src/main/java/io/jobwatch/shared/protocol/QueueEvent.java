package io.jobwatch.shared.protocol;

import io.jobwatch.shared.json.Times;
import io.jobwatch.shared.model.Job;
import io.vertx.core.json.JsonObject;


/**
 * One queue event as kept in the cluster-wide history: the event and the job's record right
 * after it (so a {@code watch} can answer "latest form as of this offset" from the history
 * alone). {@code jobJson} is the job serialized once, when the event happened.
 */
public record QueueEvent(String name, long created, String author, String jobId, String jobName,
                         String owner, String state, long seq, int attempt, byte[] jobJson,
                         boolean removed) {

  public static QueueEvent of(String name, long created, String author, Job job, byte[] jobJson, boolean removed) {
    return new QueueEvent(name, created, author, job.jobId, job.name, job.owner, job.state.wire(), job.seq,
        job.attempt, jobJson, removed);
  }

  /** The {@code event} message of the queue channel (PROTOCOL.md §3), with its offset. */
  public JsonObject toWire(long offset) {
    return new JsonObject()
        .put("type", "event")
        .put("offset", offset)
        .put("channel", "queue")
        .put("name", name)
        .put("created", Times.iso(created))
        .put("author", author)
        .put("data", new JsonObject()
            .put("jobId", jobId).put("name", jobName).put("state", state).put("seq", seq).put("attempt", attempt));
  }
}
