package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.jobwatch.auth.ClientAddress;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.shared.protocol.ApiError;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client socket (PROTOCOL.md §3): who it is, what it asked for, and its close codes. The
 * streams themselves are its {@link QueueSubscription} and {@link JobSubscription}s, and all it
 * sends goes through its {@link Outbox}. Runs on the socket's event loop only.
 */
final class WsSession implements QueueSubscription.Owner, JobSubscription.Owner, QueueWakeups.Sleeper {
  static final short CLOSE_UNAUTHENTICATED = 4401;
  static final short CLOSE_POLICY = 1008;
  static final short CLOSE_TOO_BIG = 1009;
  /** Fell out of the kept history (or too slow for what cannot be read again): resume with since / lastLine. */
  static final short CLOSE_BEHIND = 1013;
  static final short CLOSE_GOING_AWAY = 1001;
  private static final int MAX_BAD_MESSAGES = 10;
  private static final int MAX_SUBSCRIPTIONS = 1000;

  private final Gateway gateway;
  private final ServerWebSocket ws;
  private final Outbox out;
  private final Map<String, JobSubscription> jobs = new HashMap<>();
  private final CallPipeline calls;
  private Caller caller;
  private Visibility visibility;
  private QueueSubscription queue;
  private boolean summary;
  private long authTimer = -1;
  private long expiryTimer = -1;
  /** The generation of the token in use (see Revocations). */
  private long tokenGeneration;
  private int badMessages;
  private boolean closed;
  private long lastHeard = System.currentTimeMillis();
  /** Messages that arrived while a token was being checked; handled in order once it is. */
  private List<String> waitingForAuth;

  WsSession(Gateway gateway, ServerWebSocket ws) {
    this.gateway = gateway;
    this.ws = ws;
    this.out = new Outbox(new SocketSink(ws, this::writableAgain), task -> gateway.context().runOnContext(v -> task.run()),
        Gateway.MAX_QUEUED_BYTES,
        () -> close(CLOSE_BEHIND, "too slow: reconnect and resume from your last line and offset"));
    this.calls = new CallPipeline(gateway.calls(), new CallPipeline.Socket() {
      @Override
      public void reply(Object id, WorkerCalls.Answer answer) {
        out.send(Frames.reply(id, answer.status(), answer.body()));
      }

      @Override
      public void reading(boolean on) {
        WsSession.this.reading(on);
      }
    }, ClientAddress.of(ws.remoteAddress(), ws.headers(), gateway.config().clientAddressHeader()));
  }

  /**
   * A frame over the hard size limit is refused by the frame decoder before it is read; the
   * connection is closed right after this, so the close frame must go out now: 1009, as for a
   * message over the limit.
   */
  private void onFailure(Throwable t) {
    if (t instanceof CorruptedWebSocketFrameException c && c.closeStatus() != null
        && c.closeStatus().code() == CLOSE_TOO_BIG) {
      close(CLOSE_TOO_BIG, "a message has at most " + gateway.config().limits().maxWsMessageBytes() + " bytes");
    } else {
      onClosed();
    }
  }

  /** From the channel (outside Vert.x's context): pump on the socket's context, where all else runs. */
  private void reading(boolean on) {
    if (closed) {
      return;
    }
    if (on) {
      ws.resume();
    } else {
      ws.pause();
    }
  }

  private void writableAgain() {
    gateway.context().runOnContext(v -> out.pump());
  }

  /** Takes the socket over; {@code token} is from the upgrade request, or null. */
  void start(String token) {
    if (ws.isClosed()) {
      onClosed();
      return;
    }
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> bad("bad_request", "text frames only"));
    ws.pongHandler(b -> lastHeard = System.currentTimeMillis());
    ws.closeHandler(v -> onClosed());
    ws.exceptionHandler(this::onFailure);
    if (token != null) {
      authenticate(token, false);
    } else {
      authTimer = gateway.vertx().setTimer(gateway.config().wsAuthTimeoutSeconds() * 1000L,
          id -> close(CLOSE_UNAUTHENTICATED, "no auth message in time"));
    }
  }

  // ---- incoming

  private void onText(String text) {
    if (closed) {
      return;
    }
    lastHeard = System.currentTimeMillis();
    int bytes = utf8Bytes(text);
    if (bytes > gateway.config().limits().maxWsMessageBytes()) {
      close(CLOSE_TOO_BIG, "a message has at most " + gateway.config().limits().maxWsMessageBytes() + " bytes");
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
        case "ping" -> out.send(Frames.pong());
        case "subscribe" -> onSubscribe(message);
        case "unsubscribe" -> onUnsubscribe(message);
        case "interest" -> onInterest(message);
        case "ack" -> onAck(message);
        case "call" -> onCall(message, bytes);
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
    gateway.tokens().check(token).onComplete(ar -> {
      List<String> waiting = waitingForAuth;
      waitingForAuth = null;
      if (closed) {
        return;
      }
      if (ar.failed()) {
        close(CLOSE_UNAUTHENTICATED, ar.cause().getMessage());
        return;
      }
      Caller next = ar.result().caller();
      if (refresh && !next.name().equals(caller.name())) {
        close(CLOSE_UNAUTHENTICATED, "refresh must be for the same user");
        return;
      }
      caller = next;
      tokenGeneration = ar.result().generation();
      visibility = Visibility.of(next);
      gateway.vertx().cancelTimer(authTimer);
      gateway.vertx().cancelTimer(expiryTimer);
      long ttl = ar.result().expiresAt() - System.currentTimeMillis();
      expiryTimer = gateway.vertx().setTimer(Math.max(1, ttl), id -> close(CLOSE_UNAUTHENTICATED, "token expired"));
      waiting.forEach(this::onText);
    });
  }

  /** Closes this socket (4401) if it belongs to {@code user} and its token is revoked. */
  void closeIfRevoked(String user) {
    if (caller != null && caller.name().equals(user) && gateway.tokens().isRevoked(user, tokenGeneration)) {
      close(CLOSE_UNAUTHENTICATED, "token revoked: the user was changed or removed; log in again");
    }
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
    if (jobs.size() + subscriptions.size() > MAX_SUBSCRIPTIONS) {
      throw ApiError.badRequest("at most " + MAX_SUBSCRIPTIONS + " jobs per socket");
    }
    for (Object o : subscriptions) {
      JsonObject s = (JsonObject) o;
      subscribe(s.getString("jobId"), s.getInteger("attempt"), Math.max(0, s.getInteger("lastLine", 0)));
    }
  }

  private void subscribe(String jobId, Integer attempt, int lastLine) {
    drop(jobId);
    JobFollow follow = gateway.follow(jobId);
    JobSubscription subscription = new JobSubscription(jobId, follow, gateway.store(), out, this);
    jobs.put(jobId, subscription);
    follow.subscriptions.add(subscription);
    follow.subscribe(caller, attempt, lastLine).onComplete(ar -> {
      if (closed || jobs.get(jobId) != subscription) {
        return;
      }
      if (ar.failed()) {
        drop(jobId);
        ApiError error = ar.cause() instanceof ApiError e ? e : ApiError.unavailable("cannot read the job now");
        out.send(Frames.jobError(jobId, error.code(), error.getMessage()));
      } else if (!subscription.start(ar.result())) {
        drop(jobId); // finished: its status was all there is
      }
    });
  }

  private void onUnsubscribe(JsonObject message) {
    if (!(message.getValue("jobIds") instanceof JsonArray ids) || !ids.stream().allMatch(x -> x instanceof String)) {
      throw ApiError.badRequest("'jobIds' must be a list of strings");
    }
    ids.forEach(id -> drop((String) id));
  }

  private void drop(String jobId) {
    JobSubscription subscription = jobs.remove(jobId);
    if (subscription != null) {
      subscription.stop();
      gateway.unfollow(jobId, subscription);
    }
  }

  @Override
  public void removed(String jobId) {
    drop(jobId);
  }

  private void onInterest(JsonObject message) {
    if (!(message.getValue("data") instanceof JsonArray channels)
        || !channels.stream().allMatch(c -> "queue".equals(c) || "summary".equals(c))) {
      throw ApiError.badRequest("'data' lists channels: queue, summary");
    }
    Object since = message.getValue("since");
    if (since != null && !(since instanceof Number n && n.longValue() >= -1 && n.doubleValue() == Math.rint(n.doubleValue()))) {
      throw ApiError.badRequest("'since' is the last offset seen");
    }
    Object batch = message.getValue("batch");
    if (batch != null && !(batch instanceof Boolean)) {
      throw ApiError.badRequest("'batch' is true or false");
    }
    summary = channels.contains("summary");
    stopQueue();
    if (!channels.contains("queue")) {
      out.send(Frames.interest(channels, true, "ok"));
      return;
    }
    QueueSubscription subscription = new QueueSubscription(gateway.window(), visibility, Boolean.TRUE.equals(batch), this);
    queue = subscription;
    gateway.window().open()
        .compose(v -> subscription.start(since == null ? null : ((Number) since).longValue()))
        .onComplete(ar -> {
          if (closed || queue != subscription) {
            return;
          }
          if (ar.failed()) {
            queue = null;
            out.send(Frames.error("unavailable", "the queue history cannot be read now; ask again"));
            return;
          }
          out.send(Frames.interest(channels, ar.result().recovered(), ar.result().message(), subscription.cursor()));
          out.ready(subscription);
        });
  }

  private void stopQueue() {
    if (queue != null) {
      queue.stop();
      out.forget(queue);
      queue = null;
    }
  }

  /** The queue channel's cursor (the next offset this socket gets), or null without the channel. */
  Long queueCursor() {
    return queue == null ? null : queue.cursor();
  }

  @Override
  public void waitForEvents(QueueSubscription subscription) {
    gateway.waitForEvents(this, subscription.batched());
  }

  /** The window has more events: pull them if this socket still wants the queue. */
  @Override
  public void eventsAppended() {
    if (queue != null && !closed) {
      out.ready(queue);
    }
  }

  @Override
  public void fellBehind(long offset) {
    close(CLOSE_BEHIND, "fell out of the kept queue history at offset " + offset + "; resume with since");
  }

  /** The message's size in UTF-8 bytes: limits are in bytes, and a character may take up to four. */
  private static int utf8Bytes(String text) {
    return ByteBufUtil.utf8Bytes(text);
  }

  /** An HTTP API request over the socket (the worker channel). */
  private void onCall(JsonObject message, int length) {
    Object id = message.getValue("id");
    if (!(id instanceof Number) && !(id instanceof String)) {
      badCall(null, "a call has an 'id': a number or a string");
      return;
    }
    if (!(message.getValue("method") instanceof String method) || !(message.getValue("path") instanceof String path)) {
      badCall(id, "a call has a 'method' and a 'path'");
      return;
    }
    int limit = gateway.config().limits().maxBodyBytes();
    if (length > limit + NodeConfig.CALL_ENVELOPE_BYTES) {
      ApiError tooLarge = ApiError.tooLarge("a request body has at most " + limit + " bytes");
      out.send(Frames.reply(id, tooLarge.status(), tooLarge.toJson().toBuffer()));
      return;
    }
    calls.call(caller, id, method, path, message.getValue("body"));
  }

  private void badCall(Object id, String message) {
    if (++badMessages > MAX_BAD_MESSAGES) {
      close(CLOSE_POLICY, "too many bad messages");
    } else {
      out.send(Frames.callError(id, "bad_request", message));
    }
  }

  private void onAck(JsonObject message) {
    if (!(message.getValue("jobId") instanceof String jobId) || !(message.getValue("messageId") instanceof String id)) {
      throw ApiError.badRequest("'jobId' and 'messageId' are required");
    }
    gateway.store().ack(caller, jobId, id).onFailure(t -> {
      ApiError e = t instanceof ApiError a ? a : ApiError.unavailable("ack not stored; send it again");
      out.send(Frames.error(e.code(), e.getMessage()));
    });
  }

  // ---- from the gateway

  JobSubscription following(String jobId) {
    return jobs.get(jobId);
  }

  /** The caller to mask a summary for, or null when this socket does not want summaries. */
  Caller summaryCaller() {
    return summary && !closed ? caller : null;
  }

  void send(byte[] frame) {
    out.send(frame);
  }

  void pingOrClose(long now, long deadAfterMs) {
    if (now - lastHeard > deadAfterMs) {
      close(CLOSE_GOING_AWAY, "no answer to pings");
    } else if (!closed) {
      ws.writePing(Buffer.buffer("jw"));
    }
  }

  private void bad(String code, String message) {
    if (++badMessages > MAX_BAD_MESSAGES) {
      close(CLOSE_POLICY, "too many bad messages");
    } else {
      out.send(Frames.error(code, message));
    }
  }

  void close(short code, String reason) {
    if (closed) {
      return;
    }
    out.pump();
    gateway.metrics().socketClosed(code);
    ws.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
    onClosed();
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
    gateway.vertx().cancelTimer(authTimer);
    gateway.vertx().cancelTimer(expiryTimer);
    stopQueue();
    for (String jobId : List.copyOf(jobs.keySet())) {
      drop(jobId);
    }
    gateway.closed(this);
  }
}
