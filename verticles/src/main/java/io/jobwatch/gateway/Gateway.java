package io.jobwatch.gateway;

import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.auth.Caller;
import io.jobwatch.auth.TokenService;
import io.jobwatch.cluster.ClusterConsumers;
import io.jobwatch.metrics.HubMetrics;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.registry.FollowNotifier;
import io.jobwatch.registry.JobStore;
import io.jobwatch.registry.QueueSummary;
import io.jobwatch.registry.SummaryKey;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.protocol.Addresses;
import io.jobwatch.shared.protocol.JobStatusFrame;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The WebSocket gateway of one event loop (PROTOCOL.md §3): the sockets that the loop's HTTP
 * server accepted, each served where its connection lives, with no hop between threads. Per
 * loop it keeps one follow per followed job ({@link JobFollow}, fed by the changes other nodes
 * send to this node) and the summary fan-out; the node's {@link QueueWindow} is shared by all
 * loops.
 *
 * <p>Correctness never rests on the event bus: lines are read from the store by number and
 * queue events from the cluster history by offset; bus messages only say "there is more", and a
 * periodic check catches up when one was lost.
 */
public final class Gateway {
  private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
  /** How often followed jobs are compared with the store, in case a message was lost. */
  static final long CHECK_MS = 2000;
  /** Server pings; a socket silent for three of these is closed as dead. */
  static final long PING_MS = 20_000;
  /** How long a job nobody follows any more stays followed: a client that drops usually comes back at once. */
  static final long FOLLOW_LINGER_MS = 30_000;
  /** Frames that cannot be read again (answers, statuses, summaries) kept for a socket that does not read. */
  static final long MAX_QUEUED_BYTES = 4L << 20;
  /** How often the queue subscribers' number and lag are sampled for the metrics. */
  static final long SAMPLE_MS = 1000;
  /**
   * Queue wake-ups of this loop's sockets happen at most this often ({@link QueueWakeups}): for
   * {@code event} frames a few milliseconds, unseen by people, that save a frame write per socket
   * per read of the history under load; for {@code events} frames (PROTOCOL.md §3 {@code batch},
   * asked by clients that want throughput) longer, so frames carry tens of events.
   */
  static final long EVENT_WAKE_MS = 4;
  static final long BATCH_WAKE_MS = 10;
  /** The wake-ups' clock: monotonic, so a wall clock set back does not hold sockets back. */
  private static final LongSupplier MONOTONIC_MS = () -> System.nanoTime() / 1_000_000;

  private final NodeConfig config;
  private final TokenService tokens;
  private final QueueWindow window;
  private final WorkerCalls calls;
  private final Vertx vertx;
  private final Context context;
  private final String memberUuid;
  private final String follower;
  private final int loop;
  private final JobStore store;
  private final HubMetrics metrics;
  private final Set<WsSession> sessions = new LinkedHashSet<>();
  private final Map<String, JobFollow> follows = new HashMap<>();
  private final QueueWakeups eventWakeups;
  private final QueueWakeups batchWakeups;
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  /** The second of the last summary sent to sockets. */
  private long lastSummary;

  /** The gateway of the event loop of {@code context} (the HTTP server instance's), the {@code loop}th of the node. */
  public Gateway(NodeConfig config, TokenService tokens, HazelcastInstance hazelcast, QueueWindow window,
                 WorkerCalls calls, HubMetrics metrics, Vertx vertx, Context context, int loop) {
    this.config = config;
    this.metrics = metrics;
    this.tokens = tokens;
    this.window = window;
    this.calls = calls;
    this.vertx = vertx;
    this.context = context;
    this.memberUuid = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.follower = FollowNotifier.followerId(memberUuid, loop);
    this.loop = loop;
    this.store = new JobStore(hazelcast, context);
    this.eventWakeups = new QueueWakeups(vertx, EVENT_WAKE_MS, MONOTONIC_MS);
    this.batchWakeups = new QueueWakeups(vertx, BATCH_WAKE_MS, MONOTONIC_MS);
  }

  /** Starts listening for summaries and for the changes of followed jobs; call on the gateway's loop. */
  public Future<Void> start() {
    window.addListener(this::eventsAppended);
    vertx.setPeriodic(CHECK_MS, id -> checkFollows());
    vertx.setPeriodic(PING_MS, id -> pingAll());
    vertx.setPeriodic(SAMPLE_MS, id -> sampleQueueSubscribers());
    tokens.onRevoked(user -> context.runOnContext(v -> closeRevoked(user)));
    return Future.join(
        ClusterConsumers.<Buffer>register(vertx, Addresses.node(memberUuid), m -> onNotice(m.body())),
        ClusterConsumers.<JsonObject>register(vertx, Addresses.SUMMARY, m -> offerSummary(m.body()))).mapEmpty();
  }

  /** How many sockets of this loop follow the queue, and how far behind the newest event the last of them is. */
  private void sampleQueueSubscribers() {
    long next = window.next();
    int count = 0;
    long maxLag = 0;
    for (WsSession s : sessions) {
      Long cursor = s.queueCursor();
      if (cursor != null) {
        count++;
        maxLag = Math.max(maxLag, next - cursor);
      }
    }
    metrics.queueSubscribers(loop, count, maxLag);
  }

  /** Closes every socket with 1001: the node is going away. */
  public void stop() {
    for (WsSession s : List.copyOf(sessions)) {
      s.close(WsSession.CLOSE_GOING_AWAY, "node stopping; reconnect to another node and resume");
    }
  }

  /** Takes an upgraded socket, on this gateway's loop; {@code token} is from the header or query, or null. */
  public void accept(ServerWebSocket ws, String token) {
    WsSession session = new WsSession(this, ws);
    sessions.add(session);
    session.start(token);
  }

  HubMetrics metrics() {
    return metrics;
  }

  NodeConfig config() {
    return config;
  }

  TokenService tokens() {
    return tokens;
  }

  Vertx vertx() {
    return vertx;
  }

  Context context() {
    return context;
  }

  JobStore store() {
    return store;
  }

  QueueWindow window() {
    return window;
  }

  WorkerCalls calls() {
    return calls;
  }

  /** This loop's follow of the job, made when the first socket asks. */
  JobFollow follow(String jobId) {
    return follows.computeIfAbsent(jobId, id -> new JobFollow(store, id, follower));
  }

  /** The socket stopped following the job; the loop's follow lingers a while when it was the last. */
  void unfollow(String jobId, JobSubscription subscription) {
    JobFollow follow = follows.get(jobId);
    if (follow == null) {
      return;
    }
    follow.subscriptions.remove(subscription);
    if (follow.subscriptions.isEmpty()) {
      vertx.setTimer(FOLLOW_LINGER_MS, id -> {
        if (follow.subscriptions.isEmpty() && follows.get(jobId) == follow) {
          follows.remove(jobId);
          follow.close();
        }
      });
    }
  }

  void closed(WsSession session) {
    sessions.remove(session);
    eventWakeups.remove(session);
    batchWakeups.remove(session);
  }

  /** The session's queue cursor is at the newest event: pull it again when more come. */
  void waitForEvents(WsSession session, boolean batched) {
    (batched ? batchWakeups : eventWakeups).add(session);
  }

  /** From the window's reader thread: wake this loop's waiting sockets, once per burst. */
  private void eventsAppended() {
    if (wakeScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        wakeScheduled.set(false);
        eventWakeups.eventsAppended();
        batchWakeups.eventsAppended();
      });
    }
  }

  /** A change of a job this node follows, sent by the node that made it. */
  private void onNotice(Buffer body) {
    byte[] message = body.getBytes();
    JobNotice notice = JobNotice.parse(message);
    JobFollow follow = notice == null ? null : follows.get(notice.jobId());
    if (follow == null) {
      return;
    }
    switch (notice.type()) {
      case "JOB_STATUS_UPDATED" -> follow.status(notice.seq(), notice.attempt(), notice.removed(), message);
      case "RUNLOG_APPENDED" -> follow.linesExist(notice.attempt(), notice.endLine());
      case "APP_MESSAGE" -> {
        for (JobSubscription s : List.copyOf(follow.subscriptions)) {
          s.appMessage(message);
        }
      }
      default -> LOG.fine("unknown notice " + notice.type());
    }
  }

  /** Compares followed jobs with the store: what a lost message did not say is read now. */
  private void checkFollows() {
    if (follows.isEmpty()) {
      return;
    }
    store.positions(Set.copyOf(follows.keySet())).onSuccess(positions -> positions.forEach((jobId, p) -> {
      JobFollow follow = follows.get(jobId);
      if (follow != null && p instanceof long[] pos) {
        follow.linesExist((int) pos[1], (int) pos[2]);
        if (pos[0] > follow.lastSeq()) {
          store.snapshot(Caller.HUB, jobId, null, 0, 0).onSuccess(snap -> follow.status(snap.job().seq,
              snap.job().attempt, false, JobStatusFrame.of(snap.job(), Json.bytes(snap.job()), false)));
        }
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
    Map<Caller, byte[]> views = new HashMap<>();
    for (WsSession s : sessions) {
      Caller caller = s.summaryCaller();
      if (caller != null) {
        if (counts == null) {
          counts = QueueSummary.counts(published);
        }
        Map<SummaryKey, Long> all = counts;
        s.send(views.computeIfAbsent(caller,
            c -> Frames.bytes(QueueSummary.view(all, c, created).put("type", "summary").encode())));
      }
    }
  }

  /** Closes (4401) the sockets whose token a change of their user revoked. */
  private void closeRevoked(String user) {
    for (WsSession s : List.copyOf(sessions)) {
      s.closeIfRevoked(user);
    }
  }

  private void pingAll() {
    long now = System.currentTimeMillis();
    for (WsSession s : List.copyOf(sessions)) {
      s.pingOrClose(now, 3 * PING_MS);
    }
  }
}
