package io.jobwatch.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.shared.json.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queue summary of PROTOCOL.md §2: counts of unfinished jobs by name, state and flags,
 * computed on the members, then shown to each caller with the rows he may not read merged under
 * {@code UnauthorizedJob}.
 */
public final class QueueSummary {
  public static final String UNAUTHORIZED = "UnauthorizedJob";
  private static final Comparator<SummaryKey> ROW_ORDER = Comparator.comparing(SummaryKey::name)
      .thenComparing(SummaryKey::state).thenComparing(SummaryKey::zombie).thenComparing(SummaryKey::nonstop)
      .thenComparing(SummaryKey::killRequested).thenComparing(SummaryKey::removeRequested);

  private final Vertx vertx;
  private final IMap<String, JobRecord> jobs;

  public QueueSummary(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.jobs = hazelcast.getMap(ClusterNames.JOBS_MAP);
  }

  /** The cluster's counts, one aggregation over all members (a blocking call, run on a worker). */
  public Future<Map<SummaryKey, Long>> counts() {
    return vertx.executeBlocking(() -> jobs.aggregate(new SummaryAggregator()), false);
  }

  /**
   * The counts and the jobs due for a hub event at {@code now}, from one pass over all members'
   * jobs ({@link QueueScan}; a blocking call, run on a worker).
   */
  public Future<QueueScan.Result> scan(long now, long appMessageTimeoutMs) {
    return vertx.executeBlocking(() -> jobs.aggregate(new QueueScan(now, appMessageTimeoutMs)), false);
  }

  /** The summary of a second as the ticker publishes it on the event bus: {@code {created (ms), counts: [rows]}}. */
  public static JsonObject published(long createdMillis, Map<SummaryKey, Long> counts) {
    JsonArray rows = new JsonArray();
    counts.forEach((k, n) -> rows.add(new JsonArray().add(k.name()).add(k.owner()).add(k.state()).add(k.zombie())
        .add(k.nonstop()).add(k.killRequested()).add(k.removeRequested()).add(n)));
    return new JsonObject().put("created", createdMillis).put("counts", rows);
  }

  /** The counts of a published summary, read back. */
  public static Map<SummaryKey, Long> counts(JsonObject published) {
    Map<SummaryKey, Long> counts = new java.util.HashMap<>();
    for (Object o : published.getJsonArray("counts")) {
      JsonArray r = (JsonArray) o;
      counts.put(new SummaryKey(r.getString(0), r.getString(1), r.getString(2), r.getBoolean(3), r.getBoolean(4),
          r.getBoolean(5), r.getBoolean(6)), r.getLong(7));
    }
    return counts;
  }

  /** {@code {"created", "data": [rows]}} as this caller may see it. */
  public static JsonObject view(Map<SummaryKey, Long> counts, Caller caller, long created) {
    TreeMap<SummaryKey, Long> rows = new TreeMap<>(ROW_ORDER);
    counts.forEach((k, n) -> {
      String name = caller.canRead(k.name(), k.owner()) ? k.name() : UNAUTHORIZED;
      rows.merge(new SummaryKey(name, null, k.state(), k.zombie(), k.nonstop(), k.killRequested(),
          k.removeRequested()), n, Long::sum);
    });
    JsonArray data = new JsonArray();
    rows.forEach((k, n) -> data.add(new JsonObject().put("name", k.name()).put("state", k.state()).put("n", n)
        .put("zombie", k.zombie()).put("nonstop", k.nonstop()).put("killRequested", k.killRequested())
        .put("removeRequested", k.removeRequested())));
    return new JsonObject().put("created", Times.iso(created)).put("data", data);
  }
}
