package io.jobwatch.gateway;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.Tokens;
import io.jobwatch.testing.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket protocol's edges on one node: ways in, expiry, hidden jobs, bad frames, history overrun, messages. */
@JobwatchCluster(env = {
    "JOBWATCH_WS_AUTH_TIMEOUT=1",
    "JOBWATCH_HISTORY_CAPACITY=20",
    "JOBWATCH_MAX_WS_MESSAGE_BYTES=4096"}, users = {"alice:alice-password:user", "wendy:wendy-password:worker"})
class GatewayProtocolTest {
  private static TestCluster cluster;
  private static Api admin;
  private static String adminToken;
  private static String aliceToken;
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(0).asAdmin();
    adminToken = login("admin", TestCluster.ADMIN_PASSWORD);
    aliceToken = login("alice", "alice-password");
    vertx = cluster.node(0).vertx();
    port = cluster.node(0).config().httpPort();
  }

  private static String login(String user, String password) {
    return cluster.api(0).post("/login", new JsonObject().put("username", user).put("password", password)).json()
        .getString("token");
  }

  private static void assertAlive(WsClient ws) {
    ws.send(new JsonObject().put("type", "ping"));
    assertEquals("pong", ws.next("pong", 10).getString("type"));
  }

  private static void awaitClose(WsClient ws, int code) {
    await().atMost(10, SECONDS).until(() -> ws.closeCode() != null);
    assertEquals((short) code, ws.closeCode());
  }

  @Test
  void verifiesTheThreeWaysInAndThatAnythingElseIsClosedWith4401(VertxTestContext test) {
    Checkpoint admitted = test.checkpoint(3);
    Checkpoint refused = test.checkpoint(3);
    open(adminToken, null).onComplete(test.succeeding(header -> expectPong(header, test, admitted)));
    open(null, adminToken).onComplete(test.succeeding(query -> expectPong(query, test, admitted)));
    open(null, null).onComplete(test.succeeding(first -> {
      first.writeTextMessage(new JsonObject().put("type", "auth").put("token", adminToken).encode());
      expectPong(first, test, admitted);
    }));
    open(null, null).onComplete(test.succeeding(silent -> expectClose(silent, 4401, test, refused)));
    open("not-a-token", null).onComplete(test.succeeding(forged -> expectClose(forged, 4401, test, refused)));
    open(null, null).onComplete(test.succeeding(early -> {
      expectClose(early, 4401, test, refused);
      early.writeTextMessage(new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray()).encode());
    }));
  }

  /** This test's WebSocket client, held here: an unreferenced client is collected, and its connections closed. */
  private WebSocketClient sockets;

  @BeforeEach
  void sockets(Vertx client) {
    sockets = client.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
  }

  @AfterEach
  void closeSockets() {
    sockets.close();
  }

  /** A socket to the node, with the token in the header, the query, or neither. */
  private Future<WebSocket> open(String headerToken, String queryToken) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/api/v1/ws" + (queryToken != null ? "?token=" + queryToken : ""));
    if (headerToken != null) {
      options.addHeader("Authorization", "Bearer " + headerToken);
    }
    return sockets.connect(options);
  }

  /** Pings; the socket is admitted when the pong comes (then it is closed). */
  private static void expectPong(WebSocket ws, VertxTestContext test, Checkpoint admitted) {
    ws.textMessageHandler(text -> {
      if ("pong".equals(new JsonObject(text).getString("type"))) {
        ws.close();
        admitted.flag();
      }
    });
    ws.closeHandler(v -> {
      if (ws.closeStatusCode() != null && ws.closeStatusCode() != 1000) {
        test.failNow("an admitted socket was closed " + ws.closeStatusCode() + " " + ws.closeReason());
      }
    });
    ws.writeTextMessage(new JsonObject().put("type", "ping").encode());
  }

  private static void expectClose(WebSocket ws, int code, VertxTestContext test, Checkpoint closed) {
    ws.closeHandler(v -> test.verify(() -> {
      assertEquals((short) code, ws.closeStatusCode(), ws.closeReason());
      closed.flag();
    }));
  }

  @Test
  void verifiesThatAnUpgradeAnywhereButTheWebSocketPathIsRefused404(VertxTestContext test) {
    sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/api/v1/jobs").addHeader("Authorization", "Bearer " + adminToken))
        .onComplete(test.failing(refused -> test.verify(() -> {
          assertTrue(refused instanceof UpgradeRejectedException, refused.toString());
          assertEquals(404, ((UpgradeRejectedException) refused).getStatus());
          test.completeNow();
        })));
  }

  @Test
  void verifiesThatAnExpiringTokenClosesTheSocketUnlessRefreshed() {
    try (WsClient expiring = WsClient.connect(vertx, port, Tokens.adminExpiringIn(2), null);
         WsClient refreshed = WsClient.connect(vertx, port, Tokens.adminExpiringIn(2), null)) {
      assertAlive(refreshed);
      refreshed.send(new JsonObject().put("type", "refresh").put("token", Tokens.adminExpiringIn(60)));
      awaitClose(expiring, 4401);
      assertNull(refreshed.closeCode());
      assertAlive(refreshed);
    }
  }

  @Test
  void verifiesThatAJobTheUserMayNotReadIsUnknownAndTheSocketStays() {
    String adminsJob = admin.createJob("ws.hidden").getString("jobId");
    try (WsClient alice = WsClient.connect(vertx, port, aliceToken, null)) {
      alice.send(new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray()
          .add(new JsonObject().put("jobId", adminsJob))));
      JsonObject error = alice.next("error", 10);
      assertEquals("unknown_job", error.getString("code"));
      assertAlive(alice);
    }
  }

  @Test
  void verifiesThatBadMessagesGetErrorsAndRepeatedAbuseCloses1008() {
    try (WsClient ws = WsClient.connect(vertx, port, adminToken, null)) {
      ws.sendText("this is not json");
      assertEquals("bad_request", ws.next("error", 10).getString("code"));
      ws.send(new JsonObject().put("type", "teleport"));
      assertEquals("bad_request", ws.next("error", 10).getString("code"));
      ws.send(new JsonObject().put("type", "subscribe").put("subscriptions", "all of them"));
      assertEquals("bad_request", ws.next("error", 10).getString("code"));
      ws.send(new JsonObject().put("type", "interest").put("data", new JsonArray().add("weather")));
      assertEquals("bad_request", ws.next("error", 10).getString("code"));
      assertAlive(ws);
      for (int i = 0; i < 10 && ws.closeCode() == null; i++) {
        ws.socket().writeTextMessage("[]");
      }
      awaitClose(ws, 1008);
    }
  }

  @Test
  void verifiesThatAFrameOverTheLimitCloses1009(VertxTestContext test) {
    open(adminToken, null).onComplete(test.succeeding(ws -> {
      expectClose(ws, 1009, test, test.checkpoint());
      ws.writeTextMessage("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\"}");
    }));
  }

  @Test
  void verifiesThatAFrameFarOverTheLimitIsRefusedUnreadAndStillCloses1009(VertxTestContext test) {
    open(adminToken, null).onComplete(test.succeeding(ws -> {
      expectClose(ws, 1009, test, test.checkpoint());
      // Over four times the limit: the frame decoder refuses it before reading it.
      ws.writeTextMessage("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(40_000) + "\"}");
    }));
  }

  @Test
  void verifiesThatASinceOlderThanTheHistoryIsNotRecoveredAndVisibilityAppliesToEvents() {
    for (int i = 0; i < 30; i++) {
      admin.createJob("ws.overrun");
    }
    try (WsClient ws = WsClient.connect(vertx, port, adminToken, null)) {
      ws.send(new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue")).put("since", 0));
      JsonObject answer = ws.next("interest", 10);
      assertEquals(false, answer.getBoolean("recovered"));
    }
    try (WsClient alice = WsClient.connect(vertx, port, aliceToken, null)) {
      alice.send(new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue")));
      assertEquals(true, alice.next("interest", 10).getBoolean("recovered"));
      admin.createJob("ws.not-for-alice");
      Api aliceApi = cluster.api(0).withToken(aliceToken);
      String hers = aliceApi.createJob("ws.alices").getString("jobId");
      JsonObject event = alice.next("event", 10);
      assertEquals(hers, event.getJsonObject("data").getString("jobId"), "only her job's event reaches her");
    }
  }

  @Test
  void verifiesThatAppMessagesAreResentUntilAcknowledged() {
    String id = admin.createJob(new JsonObject().put("name", "ws.callbacks").put("callbacks", true)).getString("jobId");
    admin.event(id, "request_start_job");
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray()
        .add(new JsonObject().put("jobId", id)));
    String messageId;
    try (WsClient ws = WsClient.connect(vertx, port, adminToken, null)) {
      ws.send(subscribe);
      ws.next("CURRENT_JOB_STATUS", 10);
      Api wendy = cluster.api(0).as("wendy", "wendy-password");
      Api.Response posted = wendy.post("/jobs/" + id + "/messages", new JsonObject().put("data",
          new JsonObject().put("question", "continue?")));
      assertEquals(202, posted.status());
      JsonObject message = ws.next("APP_MESSAGE", 10);
      messageId = message.getString("messageId");
      assertEquals(posted.json().getString("messageId"), messageId);
      assertEquals("continue?", message.getJsonObject("data").getString("question"));
    }
    try (WsClient again = WsClient.connect(vertx, port, adminToken, null)) {
      again.send(subscribe);
      again.next("CURRENT_JOB_STATUS", 10);
      assertEquals(messageId, again.next("APP_MESSAGE", 10).getString("messageId"), "unacked: sent again");
      again.send(new JsonObject().put("type", "ack").put("jobId", id).put("messageId", messageId));
      assertAlive(again);
    }
    try (WsClient afterAck = WsClient.connect(vertx, port, adminToken, null)) {
      afterAck.send(subscribe);
      afterAck.next("CURRENT_JOB_STATUS", 10);
      assertAlive(afterAck);
      JsonObject rest = afterAck.next(1);
      assertTrue(rest == null || !"APP_MESSAGE".equals(rest.getString("type")), "acked: not sent again");
    }
  }

  @Test
  void verifiesThatAFollowerThatStopsReadingLagsWithoutBeingClosedAndThenGetsEveryLineWhileAFastOneKeepsUp() {
    String id = admin.createJob("ws.flood").getString("jobId");
    admin.event(id, "request_start_job");
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray()
        .add(new JsonObject().put("jobId", id)));
    try (WsClient slow = WsClient.connect(vertx, port, adminToken, null);
         WsClient fast = WsClient.connect(vertx, port, adminToken, null)) {
      slow.send(subscribe);
      fast.send(subscribe);
      slow.next("CURRENT_JOB_STATUS", 10);
      fast.next("CURRENT_JOB_STATUS", 10);
      slow.socket().pause();
      // 24 MB of lines: far more than the connection's buffers hold for a reader that does not read.
      String big = "y".repeat(8000);
      int total = 0;
      int fastLines = 0;
      for (int batch = 0; batch < 60; batch++) {
        JsonArray lines = new JsonArray();
        for (int k = 0; k < 50; k++) {
          lines.add(big);
        }
        assertEquals(200, admin.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", lines)).status());
        total += 50;
        fastLines = drain(fast, fastLines, total);
      }
      assertEquals(total, fastLines, "the fast reader on the same node got every line as it came");
      slow.socket().resume();
      assertEquals(total, drain(slow, 0, total), "the slow reader got every line once, in order, at its own pace");
      assertNull(slow.closeCode(), "a reader that lags is not closed");
      assertAlive(slow);
    }
  }

  /** Reads the fast client's run-log messages until it has at least {@code atLeast} lines. */
  private static int drain(WsClient ws, int have, int atLeast) {
    while (have < atLeast) {
      JsonObject m = ws.next("RUNLOG_UPDATED", 30);
      assertEquals(have + 1, m.getInteger("startLine"));
      have = m.getInteger("endLine");
    }
    return have;
  }
}
