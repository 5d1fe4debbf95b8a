package io.jobwatch.gateway;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue channel under load on two nodes with the default history: a reader that stops
 * reading lags and catches up, a hundred sockets resume at once on a node that has not read the
 * history before, batched frames, and a {@code since} the history never had.
 */
@JobwatchCluster(nodes = 2)
class QueueStreamTest {
  /** Long names make events big enough to fill the connection's buffers well before 20,000 of them. */
  private static final String LONG_NAME = "stream." + "x".repeat(190);
  private static TestCluster cluster;
  private static Api admin;
  private static String token;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(1).asAdmin();
    token = cluster.adminToken();
  }

  private static JsonObject interest(Long since, boolean batch) {
    JsonObject m = new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue"));
    if (since != null) {
      m.put("since", since);
    }
    return batch ? m.put("batch", true) : m;
  }

  /** The queue events a socket receives, single or batched, in the order they came. */
  private static List<JsonObject> events(WsClient ws, int count) {
    List<JsonObject> out = new ArrayList<>();
    while (out.size() < count) {
      JsonObject m = ws.next(30);
      assertNotNull(m, "the stream went silent after " + out.size() + " events; close code " + ws.closeCode());
      if ("event".equals(m.getString("type"))) {
        out.add(m);
      } else if ("events".equals(m.getString("type"))) {
        m.getJsonArray("data").forEach(e -> out.add((JsonObject) e));
      }
    }
    return out;
  }

  private static void assertConsecutive(List<JsonObject> events, long first) {
    for (int i = 0; i < events.size(); i++) {
      assertEquals(first + i, events.get(i).getLong("offset"), "each event once, in offset order");
    }
  }

  @Test
  void verifiesThatASocketThatStopsReadingWhile20000EventsFlowIsNotClosedAndThenGetsEveryOneOnceInOrder() {
    try (WsClient ws = WsClient.connect(cluster, 0, token)) {
      ws.send(interest(null, false));
      JsonObject answer = ws.next("interest", 10);
      assertEquals(true, answer.getBoolean("recovered"));
      ws.socket().pause();
      admin.createJobs(LONG_NAME, 20_000);
      ws.socket().resume();
      List<JsonObject> got = events(ws, 20_000);
      assertConsecutive(got, got.get(0).getLong("offset"));
      Set<String> jobs = new HashSet<>();
      for (JsonObject e : got) {
        assertEquals(LONG_NAME, e.getJsonObject("data").getString("name"));
        jobs.add(e.getJsonObject("data").getString("jobId"));
      }
      assertEquals(20_000, jobs.size(), "every job's event once");
      assertNull(ws.closeCode(), "a reader that lags is not closed while the history keeps what it has not read");
    }
  }

  @Test
  void verifiesThatAHundredSocketsResumingAtOnceWithSinceOnANodeThatHadNotReadTheHistoryAllRecover(Vertx vertx,
      VertxTestContext test) throws Throwable {
    long since;
    try (WsClient first = WsClient.connect(cluster, 0, token)) {
      first.send(interest(null, false));
      first.next("interest", 10);
      admin.createJobs("resume.before", 300);
      since = events(first, 300).get(99).getLong("offset");
    }
    // One client for all hundred sockets: it must allow that many connections to one node.
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(8 << 20));
    Checkpoint caughtUp = test.checkpoint(100);
    AtomicIntegerArray counts = new AtomicIntegerArray(100);
    List<Future<Void>> recovered = new ArrayList<>();
    List<WebSocket> sockets = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 100; i++) {
      Promise<Void> answered = Promise.promise();
      recovered.add(answered.future());
      boolean batch = i % 2 == 0;
      int socket = i;
      client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(cluster.node(1).config().httpPort())
          .setURI("/api/v1/ws").addHeader("Authorization", "Bearer " + token)).onComplete(test.succeeding(ws -> {
            sockets.add(ws);
            List<JsonObject> got = new ArrayList<>();
            AtomicBoolean done = new AtomicBoolean();
            ws.textMessageHandler(text -> test.verify(() -> {
              JsonObject m = new JsonObject(text);
              switch (m.getString("type")) {
                case "interest" -> {
                  assertEquals(true, m.getBoolean("recovered"), m.encode());
                  answered.complete();
                }
                case "event" -> got.add(m);
                case "events" -> m.getJsonArray("data").forEach(e -> got.add((JsonObject) e));
                default -> {
                }
              }
              counts.set(socket, got.size());
              if (got.size() >= 210 && done.compareAndSet(false, true)) {
                assertEquals(210, got.size(), "nothing after the last event");
                assertConsecutive(got, since + 1);
                assertEquals("resume.after", got.get(209).getJsonObject("data").getString("name"));
                caughtUp.flag();
              }
            }));
            ws.writeTextMessage(interest(since, batch).encode());
          }));
    }
    try {
      Future.all(recovered).await(60, SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw test.failed() ? test.causeOfFailure() : e;
    }
    admin.createJobs("resume.after", 10);
    if (!test.awaitCompletion(60, SECONDS)) {
      StringBuilder behind = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        if (counts.get(i) != 210) {
          behind.append(" socket ").append(i).append(i % 2 == 0 ? " (batch)" : "").append(": ").append(counts.get(i));
        }
      }
      throw new AssertionError("every socket gets the 210 events after its offset; short:" + behind);
    }
    sockets.forEach(WebSocket::close);
    client.close();
    if (test.failed()) {
      throw test.causeOfFailure();
    }
  }

  @Test
  void verifiesThatABatchedInterestGetsEventsFramesInOffsetOrderAndNoSingleEvents() {
    try (WsClient ws = WsClient.connect(cluster, 0, token)) {
      ws.send(interest(null, true));
      ws.next("interest", 10);
      admin.createJobs("batched", 200);
      List<JsonObject> got = new ArrayList<>();
      while (got.size() < 200) {
        JsonObject m = ws.next(30);
        assertNotNull(m);
        assertTrue(!"event".equals(m.getString("type")), "a batched socket gets no single event frames");
        if ("events".equals(m.getString("type"))) {
          assertEquals("queue", m.getString("channel"));
          assertTrue(!m.getJsonArray("data").isEmpty());
          m.getJsonArray("data").forEach(e -> got.add((JsonObject) e));
        }
      }
      assertConsecutive(got, got.get(0).getLong("offset"));
      assertEquals("event", got.get(0).getString("type"), "each element is the event message itself");
      assertEquals("enqueue_job", got.get(0).getString("name"));
    }
  }

  @Test
  void verifiesThatASinceAheadOfTheHistoryIsNotRecoveredAndTheStreamGoesOnFromTheNewest() {
    try (WsClient probe = WsClient.connect(cluster, 0, token)) {
      probe.send(interest(null, false));
      String live = probe.next("interest", 10).getString("message");
      long next = Long.parseLong(live.substring(live.lastIndexOf(' ') + 1));
      try (WsClient ws = WsClient.connect(cluster, 0, token)) {
        ws.send(interest(next + 1000, false));
        JsonObject answer = ws.next("interest", 10);
        assertEquals(false, answer.getBoolean("recovered"), answer.encode());
        admin.createJob("after.ahead");
        JsonObject e = events(ws, 1).get(0);
        assertEquals("after.ahead", e.getJsonObject("data").getString("name"));
        assertTrue(e.getLong("offset") < next + 1000);
      }
    }
  }
}
