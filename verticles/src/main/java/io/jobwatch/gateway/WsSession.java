package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.jobwatch.registry.AppMessage;
import io.jobwatch.registry.QueueHistory;
import io.jobwatch.registry.RunLogPage;
import io.jobwatch.registry.SubscribeSnapshot;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.protocol.ApiError;
import io.jobwatch.shared.protocol.QueueEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client socket: its identity, the jobs it follows (with the last line and seq it was sent)
 * and its queue position. Runs on the gateway's event loop only.
 *
 * <p>Resume: a follow first takes a snapshot from the store (after the node's consumer of the job
 * is registered), then takes live chunks only when they start right after its last line; any
 * other chunk makes it read the missing lines from the store by number. The queue channel works
 * the same way with offsets of the history. So every line and event arrives once, in order.
 */
final class WsSession {
  static final short CLOSE_UNAUTHENTICATED = 4401;
  static final short CLOSE_POLICY = 1008;
  static final short CLOSE_TOO_BIG = 1009;
  /** Standard "try again later": the client could not keep up; it resumes from its last line/offset. */
  static final short CLOSE_SLOW = 1013;
  private static final int MAX_BAD_MESSAGES = 10;
  private static final int MAX_SUBSCRIPTIONS = 1000;
  /** Characters a socket may have waiting beyond what the connection buffers before it counts as too slow. */
  private static final long MAX_BACKLOG_CHARS = 8L << 20;

  /** What this socket was sent of one job. */
  private static final class Follow {
    int attempt;
    int lastLine;
    long lastSeq;
    /** Reading from the store on its own (snapshot or catch-up); live chunks are left to that read. */
    boolean catchingUp = true;
    /** CURRENT_JOB_STATUS has been sent: nothing else of the job goes out before it. */
    boolean started;
  }

  private final GatewayVerticle gateway;
  private final ServerWebSocket ws;
  private final Map<String, Follow> follows = new HashMap<>();
  private Caller caller;
  private long authTimer = -1;
  private long expiryTimer = -1;
  private int badMessages;
  private boolean closed;
  private long lastHeard = System.currentTimeMillis();
  /** Messages that arrived while a token was being checked; handled in order once it is. */
  private List<String> waitingForAuth;
  /** Messages waiting for the connection to drain: bounded, never dropped silently. */
  private final ArrayDeque<String> backlog = new ArrayDeque<>();
  private long backlogChars;
  private boolean queue;
  private boolean summary;
  private boolean queueCatchingUp;
  private long nextOffset;

  WsSession(GatewayVerticle gateway, ServerWebSocket ws) {
    this.gateway = gateway;
    this.ws = ws;
  }

  void start(String token) {
    ws.drainHandler(v -> gateway.run(this::flushBacklog));
    ws.textMessageHandler(text -> gateway.run(() -> onText(text)));
    ws.binaryMessageHandler(b -> gateway.run(() -> bad("bad_request", "text frames only")));
    ws.pongHandler(b -> lastHeard = System.currentTimeMillis());
    ws.closeHandler(v -> gateway.run(this::onClosed));
    ws.exceptionHandler(t -> gateway.run(this::onClosed));
    ws.resume();
    if (token != null) {
      authenticate(token, false);
    } else {
      authTimer = gateway.vertx().setTimer(gateway.config.wsAuthTimeoutSeconds() * 1000L,
          id -> close(CLOSE_UNAUTHENTICATED, "no auth message in time"));
    }
  }

  Set<String> followedJobs() {
    return follows.keySet();
  }

  // ---- incoming

  private void onText(String text) {
    if (closed) {
      return;
    }
    lastHeard = System.currentTimeMillis();
    if (text.length() > gateway.config.limits().maxWsMessageBytes()) {
      close(CLOSE_TOO_BIG, "a message has at most " + gateway.config.limits().maxWsMessageBytes() + " bytes");
      return;
    }
    if (waitingForAuth != null) {
      waitingForAuth.add(text);
      return;
    }
    JsonObject message;
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
      if (!(parsed instanceof JsonObject o)) {
        bad("bad_request", "a message is a JSON object");
        return;
      }
      message = o;
    } catch (DecodeException e) {
      bad("bad_request", "not JSON");
      return;
    }
    String type = message.getValue("type") instanceof String t ? t : "";
    if (caller == null && !type.equals("auth")) {
      close(CLOSE_UNAUTHENTICATED, "authenticate first");
      return;
    }
    try {
      switch (type) {
        case "auth" -> onAuth(message, false);
        case "refresh" -> onAuth(message, true);
        case "ping" -> send(Frames.pong());
        case "subscribe" -> onSubscribe(message);
        case "unsubscribe" -> onUnsubscribe(message);
        case "interest" -> onInterest(message);
        case "ack" -> onAck(message);
        default -> bad("bad_request", "unknown type '" + type + "'");
      }
    } catch (ApiError e) {
      bad(e.code(), e.getMessage());
    }
  }

  private void onAuth(JsonObject message, boolean refresh) {
    if (!(message.getValue("token") instanceof String token)) {
      throw ApiError.badRequest("'token' is required");
    }
    if (!refresh && caller != null) {
      throw ApiError.badRequest("already authenticated; use refresh");
    }
    authenticate(token, refresh);
  }

  private void authenticate(String token, boolean refresh) {
    waitingForAuth = new ArrayList<>();
    gateway.tokens.verify(token).onComplete(ar -> gateway.run(() -> {
      List<String> waiting = waitingForAuth;
      waitingForAuth = null;
      if (closed) {
        return;
      }
      if (ar.failed()) {
        close(CLOSE_UNAUTHENTICATED, ar.cause().getMessage());
        return;
      }
      Caller next = ar.result();
      if (refresh && !next.name().equals(caller.name())) {
        close(CLOSE_UNAUTHENTICATED, "refresh must be for the same user");
        return;
      }
      caller = next;
      gateway.vertx().cancelTimer(authTimer);
      gateway.vertx().cancelTimer(expiryTimer);
      long ttl = gateway.tokens.expiryOf(token) - System.currentTimeMillis();
      expiryTimer = gateway.vertx().setTimer(Math.max(1, ttl), id -> close(CLOSE_UNAUTHENTICATED, "token expired"));
      waiting.forEach(this::onText);
    }));
  }

  private void onSubscribe(JsonObject message) {
    if (!(message.getValue("subscriptions") instanceof JsonArray subscriptions)) {
      throw ApiError.badRequest("'subscriptions' must be a list");
    }
    for (Object o : subscriptions) {
      if (!(o instanceof JsonObject s) || !(s.getValue("jobId") instanceof String)
          || (s.getValue("attempt") != null && !(s.getValue("attempt") instanceof Integer))
          || (s.getValue("lastLine") != null && !(s.getValue("lastLine") instanceof Integer))) {
        throw ApiError.badRequest("a subscription is {jobId, attempt?, lastLine?} with integers");
      }
    }
    if (follows.size() + subscriptions.size() > MAX_SUBSCRIPTIONS) {
      throw ApiError.badRequest("at most " + MAX_SUBSCRIPTIONS + " jobs per socket");
    }
    for (Object o : subscriptions) {
      JsonObject s = (JsonObject) o;
      subscribe(s.getString("jobId"), s.getInteger("attempt"), Math.max(0, s.getInteger("lastLine", 0)));
    }
  }

  private void subscribe(String jobId, Integer attempt, int lastLine) {
    if (follows.containsKey(jobId)) {
      gateway.unfollow(jobId, this);
    }
    Follow follow = new Follow();
    follows.put(jobId, follow);
    gateway.follow(jobId, this)
        .compose(v -> gateway.store.snapshot(caller, jobId, attempt, lastLine, JobFollow.CHUNK))
        .onComplete(ar -> {
          if (closed || follows.get(jobId) != follow) {
            return;
          }
          if (ar.failed()) {
            dropFollow(jobId);
            ApiError error = ar.cause() instanceof ApiError e ? e : ApiError.unavailable("cannot read the job now");
            send(Frames.error(error.code(), error.getMessage()));
            return;
          }
          SubscribeSnapshot snap = ar.result();
          send(Frames.currentStatus(jobId, Json.bytes(snap.job())));
          follow.started = true;
          follow.lastSeq = snap.job().seq;
          follow.attempt = snap.job().attempt;
          if (snap.job().state.isFinished()) {
            dropFollow(jobId);
            return;
          }
          if (snap.job().callbacks) {
            for (AppMessage m : snap.messages()) {
              send(Frames.appMessage(jobId, m.messageId(), m.data()));
            }
          }
          follow.lastLine = snap.lines().first() - 1;
          deliver(jobId, follow, snap.lines());
        });
  }

  /** Sends a page read from the store, then reads on while the store or this node has more. */
  private void deliver(String jobId, Follow follow, RunLogPage page) {
    if (page.attempt() == follow.attempt && !page.texts().isEmpty() && page.first() == follow.lastLine + 1) {
      send(Frames.runLog(jobId, page.attempt(), page.first(), page.texts()));
      follow.lastLine = page.first() + page.texts().size() - 1;
    }
    JobFollow node = gateway.following(jobId);
    int known = Math.max(page.attempt() == follow.attempt ? page.lastLine() : 0,
        node == null ? -1 : node.fetched(follow.attempt));
    if (follow.lastLine < known) {
      catchUp(jobId, follow);
    } else {
      follow.catchingUp = false;
    }
  }

  private void catchUp(String jobId, Follow follow) {
    follow.catchingUp = true;
    int attempt = follow.attempt;
    gateway.store.lines(jobId, attempt, follow.lastLine, JobFollow.CHUNK).onComplete(ar -> {
      if (closed || follows.get(jobId) != follow) {
        return;
      }
      if (ar.failed() || attempt != follow.attempt) {
        // Gone, or a new attempt began meanwhile: the status update or the next check sorts it out.
        follow.catchingUp = false;
        return;
      }
      deliver(jobId, follow, ar.result());
    });
  }

  private void onUnsubscribe(JsonObject message) {
    if (!(message.getValue("jobIds") instanceof JsonArray ids) || !ids.stream().allMatch(x -> x instanceof String)) {
      throw ApiError.badRequest("'jobIds' must be a list of strings");
    }
    ids.forEach(id -> dropFollow((String) id));
  }

  private void dropFollow(String jobId) {
    if (follows.remove(jobId) != null) {
      gateway.unfollow(jobId, this);
    }
  }

  private void onInterest(JsonObject message) {
    if (!(message.getValue("data") instanceof JsonArray channels)
        || !channels.stream().allMatch(c -> "queue".equals(c) || "summary".equals(c))) {
      throw ApiError.badRequest("'data' lists channels: queue, summary");
    }
    summary = channels.contains("summary");
    Object since = message.getValue("since");
    if (since != null && !(since instanceof Number n && n.longValue() >= -1 && n.doubleValue() == Math.rint(n.doubleValue()))) {
      throw ApiError.badRequest("'since' is the last offset seen");
    }
    if (!channels.contains("queue")) {
      queue = false;
      send(Frames.interest(channels, true, "ok"));
      return;
    }
    gateway.queueTail.start().onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed()) {
        send(Frames.error("unavailable", "the queue history cannot be read now"));
        return;
      }
      queue = true;
      if (since == null) {
        nextOffset = ar.result();
        queueCatchingUp = false;
        send(Frames.interest(channels, true, "live from offset " + nextOffset));
        return;
      }
      nextOffset = ((Number) since).longValue() + 1;
      queueCatchingUp = true;
      gateway.store.history().read(nextOffset, false).onComplete(first -> {
        if (closed) {
          return;
        }
        if (first.failed()) {
          send(Frames.error("bad_request", "'since' is ahead of the queue history"));
          queue = false;
        } else if (QueueHistory.overrun(nextOffset, first.result())) {
          nextOffset = first.result().getSequence(0);
          send(Frames.interest(channels, false, "offset " + since + " is older than the kept history; reload"));
          deliverQueue(first.result());
        } else {
          send(Frames.interest(channels, true, "resumed after offset " + since));
          deliverQueue(first.result());
        }
      });
    });
  }

  private void readQueue() {
    queueCatchingUp = true;
    gateway.store.history().read(nextOffset, false).onComplete(ar -> {
      if (closed || !queue) {
        return;
      }
      if (ar.failed()) {
        queueCatchingUp = false;
        return;
      }
      if (QueueHistory.overrun(nextOffset, ar.result())) {
        close(CLOSE_SLOW, "fell behind the queue history at offset " + nextOffset + "; resume with since");
        return;
      }
      deliverQueue(ar.result());
    });
  }

  private void deliverQueue(com.hazelcast.ringbuffer.ReadResultSet<QueueEvent> set) {
    for (int i = 0; i < set.readCount(); i++) {
      long offset = set.getSequence(i);
      if (offset == nextOffset) {
        QueueEvent e = set.get(i);
        if (caller.canRead(e.jobName(), e.owner())) {
          send(e.toWire(offset).encode());
        }
        nextOffset = offset + 1;
      }
    }
    if (set.readCount() == gateway.store.history().batch() || nextOffset < gateway.queueTail.position()) {
      readQueue();
    } else {
      queueCatchingUp = false;
    }
  }

  private void onAck(JsonObject message) {
    if (!(message.getValue("jobId") instanceof String jobId) || !(message.getValue("messageId") instanceof String id)) {
      throw ApiError.badRequest("'jobId' and 'messageId' are required");
    }
    gateway.store.ack(caller, jobId, id).onFailure(t -> {
      ApiError e = t instanceof ApiError a ? a : ApiError.unavailable("ack not stored; send it again");
      send(Frames.error(e.code(), e.getMessage()));
    });
  }

  // ---- offered by the node's follows and queue tail

  void offerLines(String jobId, int attempt, int first, int last, String frame) {
    Follow f = follows.get(jobId);
    if (f == null || f.catchingUp || attempt < f.attempt) {
      return;
    }
    if (attempt > f.attempt) {
      f.attempt = attempt;
      f.lastLine = 0;
    }
    if (f.lastLine == first - 1) {
      send(frame);
      f.lastLine = last;
    } else if (f.lastLine < last) {
      catchUp(jobId, f);
    }
  }

  void offerStatus(String jobId, long seq, int attempt, boolean removed, String frame) {
    Follow f = follows.get(jobId);
    if (f == null || !f.started || seq <= f.lastSeq) {
      return;
    }
    f.lastSeq = seq;
    send(frame);
    if (removed) {
      dropFollow(jobId);
    } else if (attempt > f.attempt && !f.catchingUp) {
      // A new attempt: its lines start at 1.
      f.attempt = attempt;
      f.lastLine = 0;
      catchUp(jobId, f);
    }
  }

  /** The caller to mask a summary for, or null when this socket does not want summaries. */
  Caller summaryCaller() {
    return summary && !closed ? caller : null;
  }

  void offerSummary(String frame) {
    send(frame);
  }

  void offerAppMessage(String jobId, String frame) {
    Follow f = follows.get(jobId);
    if (f != null && f.started) {
      send(frame);
    }
  }

  /** From the periodic check: the store has {@code lines} lines of {@code attempt}. */
  void storeHas(String jobId, int attempt, int lines) {
    Follow f = follows.get(jobId);
    if (f == null || f.catchingUp) {
      return;
    }
    if (attempt > f.attempt) {
      f.attempt = attempt;
      f.lastLine = 0;
    }
    if (attempt == f.attempt && f.lastLine < lines) {
      catchUp(jobId, f);
    }
  }

  void offerQueueEvent(long offset, QueueEvent event, String frame) {
    if (!queue || queueCatchingUp || offset < nextOffset) {
      return;
    }
    if (offset > nextOffset) {
      readQueue();
      return;
    }
    if (caller.canRead(event.jobName(), event.owner())) {
      send(frame);
    }
    nextOffset = offset + 1;
  }

  // ---- outgoing

  private void send(String frame) {
    if (closed) {
      return;
    }
    if (ws.isClosed()) {
      onClosed();
      return;
    }
    if (!backlog.isEmpty() || ws.writeQueueFull()) {
      backlog.add(frame);
      backlogChars += frame.length();
      if (backlogChars > MAX_BACKLOG_CHARS) {
        close(CLOSE_SLOW, "too slow: reconnect and resume from your last line and offset");
      }
      return;
    }
    ws.writeTextMessage(frame);
  }

  /** The connection drained: send what waited, in order, until it is full again. */
  private void flushBacklog() {
    while (!closed && !backlog.isEmpty() && !ws.isClosed() && !ws.writeQueueFull()) {
      String frame = backlog.poll();
      backlogChars -= frame.length();
      ws.writeTextMessage(frame);
    }
  }

  private void bad(String code, String message) {
    if (++badMessages > MAX_BAD_MESSAGES) {
      close(CLOSE_POLICY, "too many bad messages");
    } else {
      send(Frames.error(code, message));
    }
  }

  void pingOrClose(long now, long deadAfterMs) {
    if (now - lastHeard > deadAfterMs) {
      close((short) 1001, "no answer to pings");
    } else if (!closed) {
      ws.writePing(Buffer.buffer("jw"));
    }
  }

  void close(short code, String reason) {
    if (closed) {
      return;
    }
    ws.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
    onClosed();
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    gateway.vertx().cancelTimer(authTimer);
    gateway.vertx().cancelTimer(expiryTimer);
    gateway.closed(this);
  }
}
