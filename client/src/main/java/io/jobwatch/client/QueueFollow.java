package io.jobwatch.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Follows the queue channel (PROTOCOL.md §3 {@code interest}): every event of every job the user
 * may read, by offset, each once. After a disconnect it asks again from the last offset it saw, on
 * any node. Of one job it passes only events whose {@code seq} is above the last it passed (two
 * nodes changing a job at once can put its events in the history out of order).
 */
public final class QueueFollow {
  /** What a follower of the queue hears. */
  public interface Listener {
    /** One queue event ({@code offset}, {@code name}, {@code created}, {@code author}, {@code data}). */
    void event(JsonObject event);

    /**
     * Events were lost to this follower (it fell out of the kept history, or the cluster's history
     * restarted): reload what you show from the API; the stream goes on.
     */
    default void historyLost(String message) {
    }
  }

  private static final int JOBS_REMEMBERED = 100_000;
  private final JobwatchClient client;
  private final Listener listener;
  private Long lastOffset;
  private boolean stopped;
  private final Promise<QueueFollow> started = Promise.promise();
  /** The last seq passed per job, the least recently changed forgotten first. */
  private final Map<String, Long> lastSeq = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > JOBS_REMEMBERED;
    }
  };

  QueueFollow(JobwatchClient client, Long since, Listener listener) {
    this.client = client;
    this.lastOffset = since;
    this.listener = listener;
  }

  /** Completes when a node has answered the first {@code interest}: events from then on are heard. */
  Future<QueueFollow> started() {
    return started.future();
  }

  /** The offset of the last event seen (null: none yet). */
  public Long lastOffset() {
    return lastOffset;
  }

  public void close() {
    stopped = true;
    client.unqueue(this);
  }

  void stopped() {
    stopped = true;
  }

  void interest() {
    JsonObject interest = new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue"))
        .put("batch", true);
    if (lastOffset != null) {
      interest.put("since", lastOffset);
    }
    client.send(interest);
  }

  void onMessage(JsonObject m) {
    if (stopped) {
      return;
    }
    switch (m.getString("type")) {
      case "interest" -> {
        if (Boolean.FALSE.equals(m.getBoolean("recovered"))) {
          lastSeq.clear(); // after a full restart of the cluster, seqs and offsets begin again
          listener.historyLost(m.getString("message"));
        }
        if (m.getValue("next") instanceof Number next && (lastOffset == null
            || Boolean.FALSE.equals(m.getBoolean("recovered")))) {
          lastOffset = next.longValue() - 1; // a later resume starts here, even before the first event
        }
        started.tryComplete(this);
      }
      case "event" -> event(m);
      case "events" -> m.getJsonArray("data").forEach(e -> event((JsonObject) e));
      default -> {
      }
    }
  }

  private void event(JsonObject e) {
    long offset = e.getLong("offset");
    if (lastOffset != null && offset <= lastOffset) {
      return;
    }
    lastOffset = offset;
    JsonObject data = e.getJsonObject("data");
    String jobId = data.getString("jobId");
    long seq = data.getLong("seq", 0L);
    Long before = lastSeq.get(jobId);
    if (before != null && seq <= before) {
      return;
    }
    lastSeq.put(jobId, seq);
    listener.event(e);
  }
}
