package io.jobwatch.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The client's link to the cluster: one node at a time, a token, and (with the worker channel)
 * one WebSocket that carries calls, follows and the queue. When the node fails (the socket closes,
 * or goes silent), it moves to the next node with a bounded backoff, logs in again if it must, and
 * asks its owner to resume its streams; calls that may safely be sent again are, the others fail.
 * Everything runs on the client's context.
 */
final class Connection {
  private static final Logger LOG = Logger.getLogger(Connection.class.getName());
  private static final String BASE = "/api/v1";
  private static final long FIRST_BACKOFF_MS = 100;
  /** The client pings this often; a socket silent for three pings is taken for dead. */
  private static final long PING_MS = 10_000;

  /** A call sent, or waiting to be sent. */
  private final class Pending {
    final long id;
    final String method;
    final String path;
    final Object body;
    final boolean resend;
    final Promise<Reply> answer = Promise.promise();
    long timer = -1;

    Pending(long id, String method, String path, Object body, boolean resend) {
      this.id = id;
      this.method = method;
      this.path = path;
      this.body = body;
      this.resend = resend;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final ClientOptions options;
  private final List<NodeUrl> nodes = new ArrayList<>();
  private final HttpClient http;
  private final WebSocketClient wsClient;
  private final Map<Long, Pending> sent = new LinkedHashMap<>();
  private final List<Pending> waiting = new ArrayList<>();
  private Consumer<JsonObject> pushes = m -> {
  };
  private Runnable connected = () -> {
  };
  private int current;
  private String token;
  private long tokenExpiresAt = Long.MAX_VALUE;
  private long refreshTimer = -1;
  private WebSocket socket;
  private boolean reconnecting;
  private int failedAttempts;
  private long lastHeard;
  private long pingTimer = -1;
  private long nextId;
  private boolean closed;

  Connection(Vertx vertx, Context context, ClientOptions options) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    options.urls().forEach(u -> nodes.add(NodeUrl.parse(u)));
    int timeout = (int) options.requestTimeout().toMillis();
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(
        Math.min(timeout, 5000)).setIdleTimeout(60));
    this.wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(Math.min(timeout, 5000))
        .setMaxFrameSize(16 << 20).setMaxMessageSize(64 << 20));
    this.token = options.token();
  }

  /** Where pushed messages (follows, queue) go, and what to do after every (re)connection. */
  void listeners(Consumer<JsonObject> pushes, Runnable connected) {
    this.pushes = pushes;
    this.connected = connected;
  }

  /** Connects to the first node that answers; fails when none does. */
  Future<Void> start() {
    return attempt(current, nodes.size());
  }

  String node() {
    return nodes.get(current).text();
  }

  String token() {
    return token;
  }

  long tokenExpiresAt() {
    return tokenExpiresAt;
  }

  /** The socket, when the worker channel is up. */
  boolean live() {
    return socket != null;
  }

  /** Sends a message that is not a call (subscribe, interest, ack); dropped while disconnected (resumed later). */
  void send(JsonObject message) {
    if (socket != null) {
      socket.writeTextMessage(message.encode());
    }
  }

  /** An API request; {@code resend} when sending it twice is harmless (reads, changes with opId or after). */
  Future<Reply> call(String method, String path, Object body, boolean resend) {
    if (closed) {
      return Future.failedFuture(JobwatchException.unreachable("the client is closed"));
    }
    if (!options.workerChannel()) {
      return httpWithFailover(method, path, body, resend, nodes.size());
    }
    Pending p = new Pending(++nextId, method, path, body, resend);
    p.timer = vertx.setTimer(options.requestTimeout().toMillis(), id -> timedOut(p));
    if (socket != null) {
      transmit(p);
    } else {
      waiting.add(p);
      reconnectSoon();
    }
    return p.answer.future();
  }

  void close() {
    closed = true;
    vertx.cancelTimer(refreshTimer);
    vertx.cancelTimer(pingTimer);
    List<Pending> all = new ArrayList<>(sent.values());
    all.addAll(waiting);
    sent.clear();
    waiting.clear();
    all.forEach(p -> fail(p, JobwatchException.unreachable("the client was closed")));
    if (socket != null) {
      socket.close();
    }
    http.close();
    wsClient.close();
  }

  // ---- connecting

  private Future<Void> attempt(int index, int triesLeft) {
    if (triesLeft == 0) {
      return Future.failedFuture(JobwatchException.unreachable("no node answered: " + String.join(", ",
          nodes.stream().map(NodeUrl::text).toList())));
    }
    NodeUrl node = nodes.get(index);
    return ensureToken(node)
        .compose(v -> options.workerChannel() ? openSocket(node) : Future.succeededFuture())
        .onSuccess(v -> {
          current = index;
          failedAttempts = 0;
        })
        .recover(t -> {
          if (t instanceof JobwatchException e && (e.status() == 401 || e.status() == 403)) {
            return Future.failedFuture(e); // a refused login is the same on every node
          }
          LOG.fine("node " + node.text() + " did not answer: " + t.getMessage());
          return attempt((index + 1) % nodes.size(), triesLeft - 1);
        });
  }

  private Future<Void> ensureToken(NodeUrl node) {
    if (options.user() == null) {
      return token != null ? Future.succeededFuture()
          : Future.failedFuture(new IllegalStateException("no token and no login given"));
    }
    if (token != null && tokenExpiresAt - System.currentTimeMillis() > 30_000) {
      return Future.succeededFuture();
    }
    return login(node);
  }

  private Future<Void> login(NodeUrl node) {
    JsonObject credentials = new JsonObject().put("username", options.user()).put("password", options.password());
    return http(node, "POST", "/login", credentials, false).compose(reply -> {
      JsonObject body = reply.orThrow();
      token = body.getString("token");
      tokenExpiresAt = body.getString("expiresAt") == null ? Long.MAX_VALUE
          : Instant.parse(body.getString("expiresAt")).toEpochMilli();
      scheduleRefresh();
      return Future.succeededFuture();
    });
  }

  /** Logs in again before the token expires, and hands the new token to the socket. */
  private void scheduleRefresh() {
    vertx.cancelTimer(refreshTimer);
    if (tokenExpiresAt == Long.MAX_VALUE || closed) {
      return;
    }
    long left = tokenExpiresAt - System.currentTimeMillis();
    refreshTimer = vertx.setTimer(Math.max(5_000, Math.min(left - 60_000, left * 4 / 5)), id ->
        login(nodes.get(current)).onSuccess(v -> send(new JsonObject().put("type", "refresh").put("token", token)))
            .onFailure(t -> {
              LOG.fine("token refresh failed, trying again: " + t.getMessage());
              refreshTimer = vertx.setTimer(5_000, x -> scheduleRefresh());
            }));
  }

  private Future<Void> openSocket(NodeUrl node) {
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(node.host()).setPort(node.port())
        .setSsl(node.tls()).setURI(BASE + "/ws").addHeader("Authorization", "Bearer " + token);
    return wsClient.connect(connect).map(ws -> {
      socket = ws;
      lastHeard = System.currentTimeMillis();
      ws.textMessageHandler(this::onText);
      ws.closeHandler(v -> onClosed(ws));
      ws.exceptionHandler(t -> LOG.fine("socket error: " + t.getMessage()));
      vertx.cancelTimer(pingTimer);
      pingTimer = vertx.setPeriodic(PING_MS, id -> pingOrDrop(ws));
      return null;
    });
  }

  private void pingOrDrop(WebSocket ws) {
    if (socket != ws) {
      return;
    }
    if (System.currentTimeMillis() - lastHeard > 3 * PING_MS) {
      LOG.info("node " + node() + " went silent; moving to another node");
      ws.close((short) 1001, "silent");
      onClosed(ws);
    } else {
      ws.writeTextMessage("{\"type\":\"ping\"}");
    }
  }

  private void onClosed(WebSocket ws) {
    if (socket != ws) {
      return;
    }
    socket = null;
    vertx.cancelTimer(pingTimer);
    Short code = ws.closeStatusCode();
    try {
      options.disconnected().accept(node(), code);
    } catch (RuntimeException e) {
      LOG.warning("the disconnect handler failed: " + e);
    }
    if (code != null && code == 4401) {
      token = options.user() != null ? null : token; // expired or revoked: log in again
    }
    // What was under way: sent again where that is harmless, else failed (it may have been applied).
    List<Pending> again = new ArrayList<>();
    for (Pending p : sent.values()) {
      if (p.resend) {
        again.add(p);
      } else {
        fail(p, JobwatchException.unreachable("the connection to " + node() + " was lost; the request may or may "
            + "not have been applied"));
      }
    }
    sent.clear();
    again.addAll(waiting);
    waiting.clear();
    waiting.addAll(again);
    if (!closed) {
      current = (current + 1) % nodes.size();
      reconnectSoon();
    }
  }

  private void reconnectSoon() {
    if (reconnecting || closed || socket != null) {
      return;
    }
    reconnecting = true;
    long backoff = failedAttempts == 0 ? 0 : Math.min(options.maxBackoff().toMillis(),
        FIRST_BACKOFF_MS << Math.min(failedAttempts, 10));
    vertx.setTimer(Math.max(1, backoff), id -> attempt(current, nodes.size()).onComplete(ar -> {
      reconnecting = false;
      if (closed) {
        return;
      }
      if (ar.failed()) {
        failedAttempts++;
        if (ar.cause() instanceof JobwatchException e && e.status() == 401) {
          List<Pending> all = new ArrayList<>(waiting);
          waiting.clear();
          all.forEach(p -> fail(p, e));
        }
        reconnectSoon();
        return;
      }
      connected.run();
      List<Pending> queued = new ArrayList<>(waiting);
      waiting.clear();
      queued.forEach(this::transmit);
    }));
  }

  // ---- calls

  private void transmit(Pending p) {
    sent.put(p.id, p);
    JsonObject call = new JsonObject().put("type", "call").put("id", p.id).put("method", p.method).put("path", p.path);
    if (p.body != null) {
      call.put("body", p.body);
    }
    socket.writeTextMessage(call.encode());
  }

  private void onText(String text) {
    lastHeard = System.currentTimeMillis();
    JsonObject m;
    try {
      m = new JsonObject(text);
    } catch (DecodeException e) {
      return;
    }
    String type = m.getString("type", "");
    if ("reply".equals(type) || ("error".equals(type) && m.getValue("id") instanceof Number)) {
      Pending p = m.getValue("id") instanceof Number n ? sent.remove(n.longValue()) : null;
      if (p != null) {
        vertx.cancelTimer(p.timer);
        if ("reply".equals(type)) {
          Object data = m.getValue("data");
          p.answer.tryComplete(new Reply(m.getInteger("status"), data instanceof JsonObject o ? o : new JsonObject()));
        } else {
          p.answer.tryFail(new JobwatchException(400, m.getString("code"), m.getString("message"), m));
        }
      }
    } else if (!"pong".equals(type)) {
      pushes.accept(m);
    }
  }

  private void timedOut(Pending p) {
    sent.remove(p.id);
    waiting.remove(p);
    p.answer.tryFail(JobwatchException.unreachable("no answer within " + options.requestTimeout().toSeconds() + " s"));
  }

  private void fail(Pending p, Throwable cause) {
    vertx.cancelTimer(p.timer);
    p.answer.tryFail(cause);
  }

  // ---- HTTP

  private Future<Reply> httpWithFailover(String method, String path, Object body, boolean resend, int triesLeft) {
    NodeUrl node = nodes.get(current);
    return ensureToken(node).compose(v -> http(node, method, path, body, true)).recover(t -> {
      if (t instanceof JobwatchException e && e.status() != 0) {
        return Future.failedFuture(e);
      }
      if (resend && triesLeft > 1) {
        current = (current + 1) % nodes.size();
        return httpWithFailover(method, path, body, resend, triesLeft - 1);
      }
      return Future.failedFuture(JobwatchException.unreachable(node.text() + ": " + t.getMessage()));
    });
  }

  private Future<Reply> http(NodeUrl node, String method, String path, Object body, boolean withToken) {
    RequestOptions request = new RequestOptions().setHost(node.host()).setPort(node.port()).setSsl(node.tls())
        .setMethod(HttpMethod.valueOf(method)).setURI(BASE + path).setTimeout(options.requestTimeout().toMillis());
    if (withToken && token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    return http.request(request)
        .compose(r -> body == null ? r.send() : r.send(Buffer.buffer(Json.encode(body))))
        .compose(response -> response.body().map(b -> {
          JsonObject json;
          try {
            json = b.length() == 0 ? new JsonObject() : b.toJsonObject();
          } catch (DecodeException e) {
            json = new JsonObject().put("error", "not_json").put("message", b.toString());
          }
          return new Reply(response.statusCode(), json);
        }))
        .recover(t -> t instanceof JobwatchException ? Future.failedFuture(t)
            : Future.failedFuture(JobwatchException.unreachable(node.text() + ": " + t.getMessage())));
  }
}
