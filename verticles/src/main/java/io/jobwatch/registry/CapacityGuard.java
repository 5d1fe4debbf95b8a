package io.jobwatch.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jobwatch.cluster.ClusterNames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses new jobs when the cluster holds its limit, instead of evicting any. One per node,
 * shared by the registry's instances. Counting the map on every create would be a cluster-wide
 * call per request, so the size is refreshed once a second and this node's creates since then are
 * added: the limit is exact on one node and to within the creates of one second on the others.
 */
public final class CapacityGuard {
  private static final long REFRESH_MS = 1000;
  /** A count taken while this node was creating is retried this many times, 2 ms apart. */
  private static final int CLEAN_COUNT_TRIES = 10;
  /** After this long without a clean count, an unclean one is taken (it errs on the strict side). */
  private static final long CLEAN_COUNT_MAX_AGE_MS = 10_000;
  private final Vertx vertx;
  private final IMap<String, JobRecord> jobs;
  private final long limit;
  private final AtomicLong counted = new AtomicLong();
  private final AtomicLong createdSince = new AtomicLong();
  /** Creates admitted and not yet settled: they may or may not be in a count taken now. */
  private final AtomicLong inFlight = new AtomicLong();
  private volatile long cleanCountAt;

  public CapacityGuard(Vertx vertx, HazelcastInstance hazelcast, long limit) {
    this.vertx = vertx;
    this.jobs = hazelcast.getMap(ClusterNames.JOBS_MAP);
    this.limit = limit;
  }

  public Future<Void> start() {
    // The timer ends with the Vert.x instance.
    return refresh().onSuccess(v -> vertx.setPeriodic(REFRESH_MS, id -> refresh()));
  }

  /** Admits one create (to be settled), or answers false when the cluster is full. */
  boolean reserve() {
    long ahead = inFlight.incrementAndGet();
    if (counted.get() + createdSince.get() + ahead > limit) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Ends a reserved create; {@code inserted} when it added a job. */
  void settle(boolean inserted) {
    if (inserted) {
      createdSince.incrementAndGet();
    }
    inFlight.decrementAndGet();
  }

  private Future<Void> refresh() {
    Promise<Void> done = Promise.promise();
    count(CLEAN_COUNT_TRIES, done);
    return done.future();
  }

  /**
   * Takes the map's size. It is exact only if no create of this node was under way while it was
   * taken; otherwise it is tried again shortly. When no try is clean the last clean count plus this
   * node's creates since stands (exact on one node), unless it is too old: then the unclean count
   * is taken, counting the creates under way twice (too strict for a moment, never too lenient).
   */
  private void count(int triesLeft, Promise<Void> done) {
    vertx.executeBlocking(() -> {
      long busyBefore = inFlight.get();
      long before = createdSince.get();
      long size = jobs.size();
      boolean clean = busyBefore == 0 && inFlight.get() == 0 && createdSince.get() == before;
      long now = System.currentTimeMillis();
      boolean last = triesLeft <= 1;
      if (clean || (last && now - cleanCountAt > CLEAN_COUNT_MAX_AGE_MS)) {
        counted.set(size);
        createdSince.addAndGet(-before);
      }
      if (clean) {
        cleanCountAt = now;
      }
      return clean || last;
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else if (ar.result()) {
        done.complete();
      } else {
        vertx.setTimer(2, id -> count(triesLeft - 1, done));
      }
    });
  }
}
