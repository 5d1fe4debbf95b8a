package io.jobwatch.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client of {@code /api/v1/ws} for tests: sends JSON, collects what the server sends. */
public final class WsClient implements AutoCloseable {
  private final WebSocketClient client;
  private final WebSocket ws;
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private volatile Short closeCode;
  private final Map<String, JsonObject> replies = new HashMap<>();

  private WsClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    try {
      ws.textMessageHandler(t -> received.add(new JsonObject(t)));
      ws.closeHandler(v -> closeCode = ws.closeStatusCode() == null ? -1 : ws.closeStatusCode());
    } catch (IllegalStateException closedAtOnce) {
      // The server closed it before the handlers were set (a refused token): only the code is left.
      closeCode = ws.closeStatusCode() == null ? -1 : ws.closeStatusCode();
    }
  }

  /** Connects to a node; {@code header} and {@code query} tokens are optional. */
  public static WsClient connect(Vertx vertx, int port, String headerToken, String queryToken) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(8 << 20));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/api/v1/ws" + (queryToken != null ? "?token=" + queryToken : ""));
    if (headerToken != null) {
      options.addHeader("Authorization", "Bearer " + headerToken);
    }
    // Handlers are set in the completion callback, on the connection's event loop, before any
    // frame (such as an immediate close) can be processed.
    return client.connect(options).map(ws -> new WsClient(client, ws)).await();
  }

  public static WsClient connect(TestCluster cluster, int node, String token) {
    return connect(cluster.node(node).vertx(), cluster.node(node).config().httpPort(), token, null);
  }

  public WsClient send(JsonObject message) {
    ws.writeTextMessage(message.encode()).await();
    return this;
  }

  public WsClient sendText(String text) {
    ws.writeTextMessage(text).await();
    return this;
  }

  /** The next message, or null after {@code seconds}. */
  public JsonObject next(int seconds) {
    return poll(seconds * 1000L);
  }

  /** The next message, or null after {@code millis}. */
  public JsonObject poll(long millis) {
    try {
      return received.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // A test's timeout interrupts it: end the test instead of waiting on.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a message", e);
    }
  }

  /** The next message of this type, skipping others; fails after {@code seconds}. */
  public JsonObject next(String type, int seconds) {
    long until = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < until) {
      JsonObject m = next(1);
      if (m != null && type.equals(m.getString("type"))) {
        return m;
      }
    }
    throw new AssertionError("no " + type + " within " + seconds + " s");
  }

  /** Sends a worker-channel call; answers nothing (see {@link #reply}). */
  public WsClient call(Object id, String method, String path, Object body) {
    JsonObject m = new JsonObject().put("type", "call").put("id", id).put("method", method).put("path", path);
    if (body != null) {
      m.put("body", body);
    }
    return send(m);
  }

  /** The reply to call {@code id}, in whatever order replies come; other messages are kept for {@link #next}. */
  public JsonObject reply(Object id, int seconds) {
    JsonObject kept = replies.remove(String.valueOf(id));
    if (kept != null) {
      return kept;
    }
    long until = System.currentTimeMillis() + seconds * 1000L;
    List<JsonObject> others = new ArrayList<>();
    try {
      while (System.currentTimeMillis() < until) {
        JsonObject m = poll(100);
        if (m == null) {
          continue;
        }
        if ("reply".equals(m.getString("type")) || ("error".equals(m.getString("type")) && m.containsKey("id"))) {
          if (String.valueOf(m.getValue("id")).equals(String.valueOf(id))) {
            return m;
          }
          replies.put(String.valueOf(m.getValue("id")), m);
        } else {
          others.add(m);
        }
      }
    } finally {
      for (JsonObject m : others) {
        received.add(m);
      }
    }
    throw new AssertionError("no reply to call " + id + " within " + seconds + " s");
  }

  /** The close code once the server closed the socket, or null while it is open. */
  public Short closeCode() {
    return closeCode;
  }

  public WebSocket socket() {
    return ws;
  }

  @Override
  public void close() {
    if (closeCode == null) {
      ws.close();
    }
    client.close();
  }
}
