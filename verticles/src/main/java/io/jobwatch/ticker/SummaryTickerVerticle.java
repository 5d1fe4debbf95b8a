package io.jobwatch.ticker;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jobwatch.node.HazelcastFutures;
import io.jobwatch.auth.Caller;
import io.jobwatch.registry.QueueSnapshots;
import io.jobwatch.registry.RegistryClient;
import io.jobwatch.registry.RegistryCommand;
import io.jobwatch.registry.Watchdogs;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.registry.QueueSummary;
import io.jobwatch.registry.SummaryKey;
import io.jobwatch.shared.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The once-a-second queue summary. Every node runs this verticle, but each second is claimed
 * once cluster-wide (an entry processor on the second's key) and only its claimant computes and
 * publishes it. The node that published the last second claims at once; the others wait
 * {@link #STANDBY_DELAY_MS} first, so one node is the ticker while it lives and another takes over
 * the second after it dies. A paused node that wakes up finds its seconds claimed: locks are not
 * what decides, so there are never two summaries of one second.
 */
public final class SummaryTickerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(SummaryTickerVerticle.class.getName());
  public static final String CLAIMS_MAP = "jobwatch.ticks";
  static final long STANDBY_DELAY_MS = 300;

  private final HazelcastInstance hazelcast;
  private final QueueSummary summary;
  private final Watchdogs watchdogs;
  private QueueSnapshots snapshots;
  private RegistryClient registry;
  private IMap<Long, String> claims;
  private String self;
  private boolean ticking;
  private boolean stopped;

  public SummaryTickerVerticle(HazelcastInstance hazelcast, QueueSummary summary, Watchdogs watchdogs) {
    this.hazelcast = hazelcast;
    this.summary = summary;
    this.watchdogs = watchdogs;
  }

  @Override
  public Future<?> start() {
    claims = hazelcast.getMap(CLAIMS_MAP);
    snapshots = new QueueSnapshots(vertx, context, hazelcast);
    registry = new RegistryClient(vertx);
    self = hazelcast.getCluster().getLocalMember().getUuid().toString();
    scheduleNext();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return Future.succeededFuture();
  }

  /** Whether this node published the last second it tried. */
  public boolean isTicking() {
    return ticking;
  }

  private void scheduleNext() {
    if (stopped) {
      return;
    }
    long now = System.currentTimeMillis();
    long second = now / 1000 + 1;
    long delay = second * 1000 - now + (ticking ? 0 : STANDBY_DELAY_MS);
    vertx.setTimer(Math.max(1, delay), id -> tick(second));
  }

  private void tick(long second) {
    HazelcastFutures.on(context, claims.submitToKey(second, new ClaimSecond(self)))
        .compose(won -> {
          if (!won) {
            if (ticking) {
              LOG.info("another node publishes the queue summary now");
            }
            ticking = false;
            snapshots.forget();
            return Future.succeededFuture();
          }
          if (!ticking) {
            LOG.info("this node now publishes the queue summary");
          }
          ticking = true;
          return summary.counts().compose(counts -> {
            JsonArray rows = new JsonArray();
            counts.forEach((k, n) -> rows.add(row(k, n)));
            vertx.eventBus().publish(Addresses.SUMMARY, new JsonObject().put("created", second * 1000)
                .put("counts", rows));
            return snapshots.recordIfChanged(counts, second * 1000);
          }).compose(v -> runWatchdogs());
        })
        .onFailure(t -> LOG.fine("summary tick " + second + " failed: " + t))
        .onComplete(x -> scheduleNext());
  }

  /** The hub's events, raised by the node that ticks; each is guarded, so a repeat is refused, not applied. */
  private Future<Void> runWatchdogs() {
    return watchdogs.due(System.currentTimeMillis()).compose(due -> {
      List<Future<?>> raised = new ArrayList<>();
      for (Watchdogs.Due d : due) {
        raised.add(registry.request(new RegistryCommand.ApplyEvent(Caller.HUB, d.jobId(), d.event(),
                new EventInput(d.reason(), null, null, null, null, null), d.guard()))
            .onSuccess(b -> LOG.info("raised " + d.event().wire() + " on job " + d.jobId() + ": " + d.reason())));
      }
      return Future.join(raised).otherwiseEmpty().mapEmpty();
    });
  }

  private static JsonArray row(SummaryKey k, long n) {
    return new JsonArray().add(k.name()).add(k.owner()).add(k.state()).add(k.zombie()).add(k.nonstop())
        .add(k.killRequested()).add(k.removeRequested()).add(n);
  }

  /** The counts of a published summary, read back. */
  public static java.util.Map<SummaryKey, Long> counts(JsonObject published) {
    java.util.Map<SummaryKey, Long> counts = new java.util.HashMap<>();
    for (Object o : published.getJsonArray("counts")) {
      JsonArray r = (JsonArray) o;
      counts.put(new SummaryKey(r.getString(0), r.getString(1), r.getString(2), r.getBoolean(3), r.getBoolean(4),
          r.getBoolean(5), r.getBoolean(6)), r.getLong(7));
    }
    return counts;
  }
}
