package io.jobwatch.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses new jobs when the cluster holds its limit, instead of evicting any. One per node,
 * shared by the registry's instances. Counting the map
 * on every create would be a cluster-wide call per request, so the size is refreshed once a
 * second and this node's creates since then are added: the limit is exact to within the
 * creates of one second on the other nodes.
 */
public final class CapacityGuard {
  private static final long REFRESH_MS = 1000;
  private final Vertx vertx;
  private final IMap<String, JobRecord> jobs;
  private final long limit;
  private final AtomicLong counted = new AtomicLong();
  private final AtomicLong createdSince = new AtomicLong();

  public CapacityGuard(Vertx vertx, HazelcastInstance hazelcast, long limit) {
    this.vertx = vertx;
    this.jobs = hazelcast.getMap(Registry.JOBS_MAP);
    this.limit = limit;
  }

  public Future<Void> start() {
    // The timer ends with the Vert.x instance.
    return refresh().onSuccess(v -> vertx.setPeriodic(REFRESH_MS, id -> refresh()));
  }


  boolean admitsOneMore() {
    return counted.get() + createdSince.get() < limit;
  }

  void created() {
    createdSince.incrementAndGet();
  }

  private Future<Void> refresh() {
    return vertx.executeBlocking(() -> {
      long before = createdSince.get();
      counted.set(jobs.size());
      createdSince.addAndGet(-before);
      return null;
    }, false);
  }
}
