package io.jobwatch.gateway;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue history of 1,000 events that wraps many times: new subscribers still get live events,
 * and only a reader whose unread events were overwritten is closed (1013), its resume answered
 * {@code recovered: false}.
 */
@JobwatchCluster(env = {"JOBWATCH_HISTORY_CAPACITY=1000"})
class QueueHistoryWrapTest {
  private static final String LONG_NAME = "wrap." + "x".repeat(190);
  private static TestCluster cluster;
  private static Api admin;
  private static String token;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(0).asAdmin();
    token = cluster.adminToken();
  }

  private static JsonObject interest(Long since) {
    JsonObject m = new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue"));
    return since == null ? m : m.put("since", since);
  }

  /** This test's WebSocket client, held here: an unreferenced client is collected, and its connections closed. */
  private WebSocketClient sockets;

  @BeforeEach
  void sockets(Vertx client) {
    sockets = client.createWebSocketClient();
  }

  @AfterEach
  void closeSockets() {
    sockets.close();
  }

  /** A socket of node 0 as the admin. */
  private Future<WebSocket> open() {
    return sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(cluster.node(0).config().httpPort()).setURI("/api/v1/ws").addHeader("Authorization", "Bearer " + token));
  }

  @Test
  void verifiesThatANewSubscriberGetsLiveEventsAfterTheHistoryWrapped(VertxTestContext test)
      throws Throwable {
    admin.createJobs("wrap.before", 2500);
    Promise<WebSocket> subscribed = Promise.promise();
    Checkpoint live = test.checkpoint(5);
    open().onComplete(test.succeeding(ws -> {
      ws.closeHandler(v -> {
        if (!test.completed()) {
          test.failNow("closed " + ws.closeStatusCode() + " " + ws.closeReason());
        }
      });
      ws.textMessageHandler(text -> test.verify(() -> {
        JsonObject m = new JsonObject(text);
        if ("interest".equals(m.getString("type"))) {
          assertEquals(true, m.getBoolean("recovered"), m.encode());
          subscribed.complete(ws);
        } else if ("event".equals(m.getString("type"))) {
          assertEquals("wrap.live", m.getJsonObject("data").getString("name"), "only events from now on");
          live.flag();
        }
      }));
      ws.writeTextMessage(interest(null).encode());
    }));
    WebSocket subscriber = subscribed.future().await(10, SECONDS);
    admin.createJobs("wrap.live", 5);
    assertTrue(test.awaitCompletion(10, SECONDS), "five live events");
    subscriber.close().await(10, SECONDS);
    if (test.failed()) {
      throw test.causeOfFailure();
    }
  }

  @Test
  void verifiesThatOnlyAReaderWhoseUnreadEventsWereOverwrittenIsClosed1013AndItsResumeIsNotRecovered(
      VertxTestContext test) throws Throwable {
    Promise<WebSocket> subscribed = Promise.promise();
    AtomicLong last = new AtomicLong(-1);
    Checkpoint resumed = test.checkpoint();
    open().onComplete(test.succeeding(ws -> {
      ws.textMessageHandler(text -> test.verify(() -> {
        JsonObject m = new JsonObject(text);
        if ("interest".equals(m.getString("type"))) {
          subscribed.complete(ws);
        } else if ("event".equals(m.getString("type"))) {
          long offset = m.getLong("offset");
          assertTrue(last.get() < 0 || offset == last.get() + 1, "what it got before the close has no gap");
          last.set(offset);
        }
      }));
      ws.closeHandler(v -> test.verify(() -> {
        assertEquals((short) 1013, ws.closeStatusCode(), ws.closeReason());
        assertTrue(last.get() >= 0, "it got events before it fell behind");
        resume(last.get(), test, resumed);
      }));
      ws.writeTextMessage(interest(null).encode());
    }));
    WebSocket reader = subscribed.future().await(10, SECONDS);
    reader.pause();
    // About 7 MB of events: more than the connection buffers, and fifteen times the history.
    admin.createJobs(LONG_NAME, 15_000);
    reader.resume();
    assertTrue(test.awaitCompletion(60, SECONDS), "closed 1013, then resumed not recovered");
    if (test.failed()) {
      throw test.causeOfFailure();
    }
  }

  /** Resumes after {@code last}: not recovered, and the stream goes on from the oldest kept event. */
  private void resume(long last, VertxTestContext test, Checkpoint resumed) {
    open().onComplete(test.succeeding(again -> {
      AtomicBoolean answered = new AtomicBoolean();
      again.textMessageHandler(text -> test.verify(() -> {
        JsonObject m = new JsonObject(text);
        if ("interest".equals(m.getString("type"))) {
          assertEquals(false, m.getBoolean("recovered"), m.encode());
          answered.set(true);
        } else if ("event".equals(m.getString("type")) && answered.compareAndSet(true, false)) {
          assertTrue(m.getLong("offset") > last + 1, "the stream goes on from the oldest kept event");
          again.close();
          resumed.flag();
        }
      }));
      again.writeTextMessage(interest(last).encode());
    }));
  }
}
