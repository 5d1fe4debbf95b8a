package io.jobwatch.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.HazelcastFutures;
import io.jobwatch.shared.json.Times;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * The queue history of {@code GET /queue/history}: a snapshot of the counts by state, recorded by
 * the ticker when they changed (at most once a second, as it ticks), in a bounded ringbuffer
 * (oldest dropped), read newest first.
 */
public final class QueueSnapshots {
  private final Vertx vertx;
  private final Context context;
  private final Ringbuffer<String> ringbuffer;
  /** The counts of the last snapshot this node recorded or read; null until known. */
  private Map<String, Long> last;

  public QueueSnapshots(Vertx vertx, Context context, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.context = context;
    this.ringbuffer = hazelcast.getRingbuffer(ClusterNames.SNAPSHOT_RINGBUFFER);
  }

  /** Records a snapshot of these counts if they differ from the last one. */
  public Future<Void> recordIfChanged(Map<SummaryKey, Long> counts, long created) {
    Map<String, Long> byState = new TreeMap<>();
    counts.forEach((k, n) -> byState.merge(k.state(), n, Long::sum));
    return lastRecorded().compose(previous -> {
      if (byState.equals(previous)) {
        return Future.succeededFuture();
      }
      JsonObject snapshot = new JsonObject().put("created", Times.iso(created));
      long total = 0;
      for (Map.Entry<String, Long> e : byState.entrySet()) {
        snapshot.put(e.getKey(), e.getValue());
        total += e.getValue();
      }
      snapshot.put("total", total);
      return HazelcastFutures.on(context, ringbuffer.addAsync(snapshot.encode(), OverflowPolicy.OVERWRITE))
          .onSuccess(seq -> last = byState).mapEmpty();
    });
  }

  /** Another node records now; what this one knew of the last snapshot may go stale. */
  public void forget() {
    last = null;
  }

  /** A page of snapshots, newest first, in the page envelope. */
  public Future<JsonObject> page(int page, int perPage) {
    return vertx.executeBlocking(() -> {
      long head = ringbuffer.headSequence();
      long tail = ringbuffer.tailSequence();
      long total = tail < head ? 0 : tail - head + 1;
      JsonArray data = new JsonArray();
      long newest = tail - (long) page * perPage;
      for (long seq = newest; seq > newest - perPage && seq >= head && seq >= 0; seq--) {
        data.add(new JsonObject(ringbuffer.readOne(seq)));
      }
      return new JsonObject().put("data", data).put("page", page).put("per_page", perPage)
          .put("page_count", (total + perPage - 1) / perPage).put("total_count", total).put("count", data.size());
    }, false);
  }

  /** The last snapshot's counts, read from the cluster once when this node starts ticking. */
  private Future<Map<String, Long>> lastRecorded() {
    if (last != null) {
      return Future.succeededFuture(last);
    }
    return vertx.executeBlocking(() -> {
      Map<String, Long> counts = new TreeMap<>();
      long tail = ringbuffer.tailSequence();
      if (tail >= 0 && tail >= ringbuffer.headSequence()) {
        new JsonObject(ringbuffer.readOne(tail)).forEach(e -> {
          if (!e.getKey().equals("created") && !e.getKey().equals("total")) {
            counts.put(e.getKey(), ((Number) e.getValue()).longValue());
          }
        });
        return counts;
      }
      return null;
    }, false);
  }
}
