package io.jobwatch.gateway;

import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.auth.TokenService;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.auth.Caller;
import io.jobwatch.registry.JobStore;
import io.jobwatch.registry.QueueSummary;
import io.jobwatch.registry.SummaryKey;
import io.jobwatch.shared.protocol.Addresses;
import io.jobwatch.ticker.SummaryTickerVerticle;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The WebSocket gateway of one node (PROTOCOL.md §3). The HTTP server hands it upgraded sockets;
 * all of their state lives on this verticle's event loop. Per node it keeps one event-bus
 * consumer per followed job ({@link JobFollow}) and one reader of the queue history
 * ({@link QueueTail}), and encodes each message once for all sockets.
 *
 * <p>Correctness never rests on the event bus: lines are always read from the store by number
 * and queue events from the history by offset; bus messages only say "there is more", and a
 * periodic check catches up when one was lost.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(GatewayVerticle.class.getName());
  /** How often followed jobs are compared with the store, in case a bus message was lost. */
  static final long CHECK_MS = 2000;
  /** Server pings; a socket silent for three of these is closed as dead. */
  static final long PING_MS = 20_000;
  /** How long a job nobody follows any more keeps its consumer. */
  static final long FOLLOW_LINGER_MS = 30_000;

  final NodeConfig config;
  final TokenService tokens;
  private final HazelcastInstance hazelcast;
  JobStore store;
  QueueTail queueTail;
  final Set<WsSession> sessions = new LinkedHashSet<>();
  final Map<String, JobFollow> follows = new HashMap<>();
  /** The second of the last summary sent to sockets. */
  private long lastSummary;

  public GatewayVerticle(NodeConfig config, TokenService tokens, HazelcastInstance hazelcast) {
    this.config = config;
    this.tokens = tokens;
    this.hazelcast = hazelcast;
  }

  @Override
  public Future<?> start() {
    store = new JobStore(hazelcast, context);
    queueTail = new QueueTail(this);
    vertx.setPeriodic(CHECK_MS, id -> checkFollows());
    vertx.setPeriodic(PING_MS, id -> pingAll());
    return vertx.eventBus().<JsonObject>consumer(Addresses.SUMMARY, m -> offerSummary(m.body())).completion();
  }

  @Override
  public Future<?> stop() {
    for (WsSession s : Set.copyOf(sessions)) {
      s.close((short) 1001, "node stopping; reconnect to another node and resume");
    }
    return Future.succeededFuture();
  }

  /** Takes an upgraded socket (any thread); {@code token} is from the header or query, or null. */
  public void accept(ServerWebSocket ws, String token) {
    // Hold the client's first frames until the session has its handlers on this event loop.
    ws.pause();
    context.runOnContext(v -> {
      WsSession session = new WsSession(this, ws);
      sessions.add(session);
      session.start(token);
    });
  }

  Vertx vertx() {
    return vertx;
  }

  /** Runs on this verticle's event loop, where all socket state lives. */
  void run(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  /** Makes sure this node follows the job; the future completes once its bus consumer is registered. */
  Future<Void> follow(String jobId, WsSession session) {
    JobFollow follow = follows.computeIfAbsent(jobId, id -> new JobFollow(this, id));
    follow.sessions.add(session);
    return follow.ready();
  }

  /**
   * The socket stops following the job. The node's follow lingers a while when it was the last
   * one: a client that drops usually comes back at once, and re-registering a consumer on an
   * address that is being unregistered is slow.
   */
  void unfollow(String jobId, WsSession session) {
    JobFollow follow = follows.get(jobId);
    if (follow != null) {
      follow.sessions.remove(session);
      if (follow.sessions.isEmpty()) {
        vertx.setTimer(FOLLOW_LINGER_MS, id -> {
          if (follow.sessions.isEmpty() && follows.get(jobId) == follow) {
            follows.remove(jobId);
            follow.close();
          }
        });
      }
    }
  }

  JobFollow following(String jobId) {
    return follows.get(jobId);
  }

  void closed(WsSession session) {
    sessions.remove(session);
    for (String jobId : Set.copyOf(session.followedJobs())) {
      unfollow(jobId, session);
    }
  }

  private void checkFollows() {
    if (follows.isEmpty()) {
      return;
    }
    store.positions(Set.copyOf(follows.keySet())).onSuccess(positions -> positions.forEach((jobId, p) -> {
      JobFollow follow = follows.get(jobId);
      if (follow != null && p instanceof long[] pos) {
        follow.check(pos[0], (int) pos[1], (int) pos[2]);
      }
    })).onFailure(t -> LOG.fine("follow check failed: " + t));
  }

  /** One summary for every socket that wants it, masked once per distinct caller. */
  private void offerSummary(JsonObject published) {
    long created = published.getLong("created");
    // A node that was paused (or cut off) may still publish a second another node already did.
    if (created <= lastSummary) {
      return;
    }
    lastSummary = created;
    Map<SummaryKey, Long> counts = null;
    Map<Caller, String> views = new HashMap<>();
    for (WsSession s : sessions) {
      Caller caller = s.summaryCaller();
      if (caller != null) {
        if (counts == null) {
          counts = SummaryTickerVerticle.counts(published);
        }
        Map<SummaryKey, Long> all = counts;
        String view = views.computeIfAbsent(caller,
            c -> QueueSummary.view(all, c, created).put("type", "summary").encode());
        s.offerSummary(view);
      }
    }
  }

  private void pingAll() {
    long now = System.currentTimeMillis();
    for (WsSession s : Set.copyOf(sessions)) {
      s.pingOrClose(now, 3 * PING_MS);
    }
  }
}
