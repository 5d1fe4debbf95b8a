package io.jobwatch.ticker;

import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.ClusterConsumers;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.node.NodeServices;
import io.jobwatch.registry.QueueScan;
import io.jobwatch.registry.QueueSnapshots;
import io.jobwatch.registry.QueueSummary;
import io.jobwatch.registry.Registry;
import io.jobwatch.registry.RegistryCommand;
import io.jobwatch.registry.SummaryKey;
import io.jobwatch.registry.Watchdogs;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.shared.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The once-a-second queue summary. Every node runs this verticle and tries every second; the
 * second's claim ({@link SecondClaims}) decides which node computes and publishes it. The node
 * that won the last second tries at once, the others {@link #STANDBY_DELAY_MS} later, so one node
 * is the ticker while it lives and another takes over when it dies or hangs.
 *
 * <p>Nothing here waits for a hung member longer than a second: each second is tried on its own
 * (a claim stuck on a frozen member does not hold up the next second); the counts come from one
 * aggregation at a time, and when it cannot finish in time (it needs every member) the second is
 * published with the newest counts this node knows (its own last aggregation or the last summary
 * it received); a second that cannot be published within {@link #PUBLISH_BY_MS} of its start is
 * left out. The jobs due for a hub event come from the same pass over the jobs as the counts
 * ({@link QueueScan}). Snapshots and watchdogs, which may also wait for a hung member, run one at
 * a time behind the summary and never delay it.
 */
public final class SummaryTickerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(SummaryTickerVerticle.class.getName());
  static final long STANDBY_DELAY_MS = 300;
  /** A second's summary is published within this long of the second's start, or not at all. */
  static final long PUBLISH_BY_MS = 1500;

  private final NodeServices services;
  private final HazelcastInstance hazelcast;
  private final QueueSummary summary;
  private final Watchdogs watchdogs;
  private QueueSnapshots snapshots;
  private Registry registry;
  private SecondClaims claims;
  private boolean ticking;
  private boolean stopped;
  private long timer = -1;
  /** The newest counts this node knows, and the time they were counted. */
  private Map<SummaryKey, Long> lastCounts;
  private long lastCountsAt;
  private Future<QueueScan.Result> counting;
  /** This node's newest scan: its counts, and the jobs due for a hub event then. */
  private QueueScan.Result lastScan;
  private boolean housekeeping;

  public SummaryTickerVerticle(NodeServices services, QueueSummary summary, Watchdogs watchdogs) {
    this.services = services;
    this.hazelcast = services.hazelcast();
    this.summary = summary;
    this.watchdogs = watchdogs;
  }

  @Override
  public Future<?> start() {
    snapshots = new QueueSnapshots(vertx, context, hazelcast);
    registry = services.registry(vertx, context);
    claims = new SecondClaims(hazelcast.getMap(ClusterNames.CLAIMS_MAP), context,
        hazelcast.getCluster().getLocalMember().getUuid().toString());
    // The summaries other nodes publish: the counts to fall back on when this node takes over.
    return ClusterConsumers.<JsonObject>register(vertx, Addresses.SUMMARY, m -> remember(QueueSummary.counts(m.body()),
        m.body().getLong("created"))).onSuccess(v -> {
          // The event bus looks up an address's consumers in the cluster at its first publish from
          // a node; a node that takes over from a frozen ticker must not wait for that lookup (it
          // can need the frozen member). Second 0 is older than any real one: everyone ignores it.
          vertx.eventBus().publish(Addresses.SUMMARY, QueueSummary.published(0, Map.of()));
          scheduleNext();
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void scheduleNext() {
    if (stopped) {
      return;
    }
    long now = System.currentTimeMillis();
    long second = now / 1000 + 1;
    timer = vertx.setTimer(Math.max(1, second * 1000 - now), id -> {
      scheduleNext();
      // Whether this node ticks is read now, after the last second's claim was answered.
      if (ticking) {
        tick(second);
      } else {
        vertx.setTimer(STANDBY_DELAY_MS, x -> tick(second));
      }
    });
  }

  private void tick(long second) {
    long deadline = second * 1000 + PUBLISH_BY_MS;
    long startedAt = System.nanoTime();
    if (System.currentTimeMillis() >= deadline) {
      return; // this node was paused past the second: it is gone
    }
    claims.claim(second).onComplete(ar -> {
      if (ar.failed()) {
        LOG.fine("second " + second + " could not be claimed in time: " + ar.cause());
        return;
      }
      if (!ar.result()) {
        if (ticking) {
          LOG.info("another node publishes the queue summary now");
        }
        ticking = false;
        snapshots.forget();
        return;
      }
      if (!ticking) {
        LOG.info("this node now publishes the queue summary");
        services.metrics().tickerTakeover();
      }
      ticking = true;
      countsBy(deadline - 50).onSuccess(counts -> {
        if (System.currentTimeMillis() >= deadline) {
          return;
        }
        vertx.eventBus().publish(Addresses.SUMMARY, QueueSummary.published(second * 1000, counts));
        services.metrics().summaryPublished(System.nanoTime() - startedAt);
        if (lastCountsAt >= second * 1000) {
          housekeeping(counts, second * 1000);
        }
      }).onFailure(t -> LOG.fine("no counts for second " + second + ": " + t));
    });
  }

  /**
   * The counts of the aggregation that runs (one at a time), or the newest known ones when it
   * does not finish by {@code deadline}.
   */
  private Future<Map<SummaryKey, Long>> countsBy(long deadline) {
    Future<QueueScan.Result> running = counting;
    if (running == null) {
      long startedAt = System.currentTimeMillis();
      Future<QueueScan.Result> started = summary.scan(startedAt, watchdogs.appMessageTimeoutMs());
      running = started;
      counting = started;
      // May run at once when the aggregation is already done: hence the local variable above.
      started.onComplete(ar -> {
        if (counting == started) {
          counting = null;
        }
        if (ar.succeeded()) {
          lastScan = ar.result();
          remember(ar.result().counts(), startedAt);
        }
      });
    }
    long wait = Math.max(1, deadline - System.currentTimeMillis());
    return running.timeout(wait, TimeUnit.MILLISECONDS).map(QueueScan.Result::counts).recover(t -> lastCounts != null
        ? Future.succeededFuture(lastCounts) : Future.failedFuture(t));
  }

  private void remember(Map<SummaryKey, Long> counts, long countedAt) {
    if (countedAt > lastCountsAt) {
      lastCounts = counts;
      lastCountsAt = countedAt;
      Map<String, Long> byState = new HashMap<>();
      counts.forEach((key, n) -> byState.merge(key.state(), n, Long::sum));
      services.metrics().unfinishedJobs(byState);
    }
  }

  /** Snapshot and watchdogs of a second counted afresh; skipped while the previous ones still run. */
  private void housekeeping(Map<SummaryKey, Long> counts, long created) {
    if (housekeeping) {
      return;
    }
    housekeeping = true;
    snapshots.recordIfChanged(counts, created)
        .transform(x -> runWatchdogs(created))
        .onComplete(x -> housekeeping = false);
  }

  /**
   * The hub's events found by this second's scan, raised by the node that ticks; each is guarded,
   * so a repeat is refused, not applied. Without a scan of this second, they wait for the next.
   */
  private Future<Void> runWatchdogs(long second) {
    QueueScan.Result scan = lastScan;
    if (scan == null || scan.now() < second) {
      return Future.succeededFuture();
    }
    List<Future<?>> raised = new ArrayList<>();
    for (Watchdogs.Due d : watchdogs.due(scan)) {
      raised.add(registry.request(new RegistryCommand.ApplyEvent(Caller.HUB, d.jobId(), d.event(),
              new EventInput(d.reason(), null, null, null, null, null), d.guard(), null))
          .onSuccess(b -> LOG.info("raised " + d.event().wire() + " on job " + d.jobId() + ": " + d.reason())));
    }
    return Future.join(raised).otherwiseEmpty().mapEmpty();
  }
}
