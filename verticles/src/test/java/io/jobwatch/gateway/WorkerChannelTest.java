package io.jobwatch.gateway;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker channel (PROTOCOL.md §3 {@code call}/{@code reply}) on two nodes: every endpoint
 * answers as over HTTP, pipelined calls on one job are applied in the order sent, a slow call does
 * not hold up the others, bad calls get clear errors, and calls re-sent after a dropped socket are
 * applied once.
 */
@JobwatchCluster(nodes = 2, env = {"JOBWATCH_RATE_LIMIT=300"}, users = {"ursula:ursula-password:user", "flood:flood-password:worker"})
class WorkerChannelTest {
  private static TestCluster cluster;
  private static Api admin;
  private static String adminToken;
  private static String userToken;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(0).asAdmin();
    adminToken = token("admin", TestCluster.ADMIN_PASSWORD);
    userToken = token("ursula", "ursula-password");
  }

  private static String token(String user, String password) {
    return cluster.api(0).post("/login", new JsonObject().put("username", user).put("password", password)).json()
        .getString("token");
  }

  private static JsonObject running(String name) {
    JsonObject job = admin.createJob(name);
    admin.event(job.getString("jobId"), "request_start_job");
    return admin.job(job.getString("jobId"));
  }

  /** A request sent both ways; {@code sameBody} when the bodies must be identical, else only the status. */
  private record Case(String method, String path, Object body, boolean sameBody) {
  }

  /**
   * The queue history takes a snapshot within a second of the counts changing (this test's own
   * creates): its two answers are compared once it has settled.
   */
  private static void assertSameHistoryBothWays(WsClient ws, int id) {
    AtomicInteger calls = new AtomicInteger(id * 1000);
    await().atMost(10, SECONDS).until(() -> {
      Api.Response http = admin.get("/queue/history");
      int call = calls.incrementAndGet();
      ws.call(call, "GET", "/queue/history", null);
      JsonObject reply = ws.reply(call, 10);
      return http.status() == 200 && reply.getInteger("status") == 200
          && http.json().equals(reply.getJsonObject("data")) && http.json().equals(admin.get("/queue/history").json());
    });
  }

  @Test
  void verifiesThatEveryEndpointAnswersOverTheChannelAsItDoesOverHttp() {
    String queued = admin.createJob("table.queued").getString("jobId");
    String run = running("table.running").getString("jobId");
    admin.post("/jobs/" + run + "/runlog", new JsonObject().put("lines", new JsonArray().add("one").add("two")));
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      tooMany.add("x");
    }
    List<Case> cases = List.of(
        new Case("GET", "/jobs/" + queued, null, true),
        new Case("GET", "/jobs/no-such-job", null, true),
        new Case("GET", "/jobs?name=table.*&sort=name", null, true),
        new Case("GET", "/jobs/" + run + "/events", null, true),
        new Case("GET", "/jobs/" + run + "/runlog?after=1", null, true),
        new Case("GET", "/jobs?per_page=%zz", null, true),
        new Case("GET", "/jobs?sort=colour", null, true),
        new Case("GET", "/users/ursula", null, true),
        new Case("GET", "/users/%75rsula", null, true),
        new Case("GET", "/jobs/%zz", null, true),
        new Case("GET", "/jobs/" + run + "/runlog?after=1#part", null, true),
        new Case("GET", "/queue/summary", null, false),
        new Case("GET", "/jobs/watch", null, false),
        new Case("POST", "/jobs", new JsonObject().put("name", "table.created"), false),
        new Case("POST", "/jobs", new JsonObject().put("name", "table.dup").put("jobId", queued), true),
        new Case("POST", "/jobs", new JsonObject(), true),
        new Case("POST", "/jobs/" + queued + "/status", new JsonObject().put("percent", 5), true),
        new Case("POST", "/jobs/" + run + "/status", new JsonObject().put("percent", 500), true),
        new Case("POST", "/jobs/" + run + "/events", new JsonObject().put("name", "bogus"), true),
        new Case("POST", "/jobs/" + run + "/runlog", new JsonObject().put("lines", tooMany), true),
        new Case("POST", "/jobs/" + run + "/runlog", new JsonObject().put("lines", new JsonArray().add("z")).put("after", 0),
            true),
        new Case("POST", "/jobs/" + run + "/messages", new JsonObject().put("data", "not an object"), true),
        new Case("DELETE", "/jobs/" + run, null, true),
        new Case("GET", "/no/such/endpoint", null, true),
        new Case("PUT", "/users/ursula", new JsonObject().put("realname", "Ursula"), true));
    try (WsClient ws = WsClient.connect(cluster, 1, adminToken)) {
      int id = 0;
      assertSameHistoryBothWays(ws, ++id);
      for (Case c : cases) {
        Api.Response http = admin.send(HttpMethod.valueOf(c.method()), c.path(),
            c.body() == null ? null : Buffer.buffer(io.vertx.core.json.Json.encode(c.body()))).await();
        ws.call(++id, c.method(), c.path(), c.body());
        JsonObject reply = ws.reply(id, 10);
        assertEquals("reply", reply.getString("type"), reply.encode());
        assertEquals(http.status(), reply.getInteger("status"), c.method() + " " + c.path() + ": " + reply.encode());
        if (c.sameBody()) {
          assertEquals(http.json(), reply.getJsonObject("data"), c.method() + " " + c.path());
        } else {
          assertEquals(http.json().fieldNames(), reply.getJsonObject("data").fieldNames(), c.method() + " " + c.path());
        }
      }
    }
    try (WsClient user = WsClient.connect(cluster, 1, userToken)) {
      Api.Response http = cluster.api(0).withToken(userToken).post("/users", new JsonObject().put("name", "x"));
      user.call("forbidden", "POST", "/users", new JsonObject().put("name", "x"));
      JsonObject reply = user.reply("forbidden", 10);
      assertEquals(403, http.status());
      assertEquals(http.status(), reply.getInteger("status"));
      assertEquals(http.json(), reply.getJsonObject("data"));
    }
  }

  @Test
  void verifiesThatPipelinedCallsOnOneJobAreAppliedInTheOrderSentAndEachIsAnswered() {
    String a = running("order.a").getString("jobId");
    String b = running("order.b").getString("jobId");
    long seqA = admin.job(a).getLong("seq");
    long seqB = admin.job(b).getLong("seq");
    try (WsClient ws = WsClient.connect(cluster, 1, adminToken)) {
      for (int i = 0; i < 64; i++) {
        // Appends that name the line before them only succeed in the order sent.
        ws.call("a" + i, "POST", "/jobs/" + a + "/runlog",
            new JsonObject().put("lines", new JsonArray().add("a" + i)).put("after", i));
        ws.call("b" + i, "POST", "/jobs/" + b + "/status", new JsonObject().put("percent", i));
      }
      for (int i = 0; i < 64; i++) {
        JsonObject ra = ws.reply("a" + i, 30);
        assertEquals(200, ra.getInteger("status"), ra.encode());
        assertEquals(i + 1, ra.getJsonObject("data").getInteger("lastLine"));
        assertEquals(seqA + i + 1, ra.getJsonObject("data").getLong("seq"));
        JsonObject rb = ws.reply("b" + i, 30);
        assertEquals(seqB + i + 1, rb.getJsonObject("data").getLong("seq"), "applied in the order sent");
        assertEquals(i, rb.getJsonObject("data").getInteger("percent"));
      }
    }
    assertEquals(63, admin.job(b).getInteger("percent"));
  }

  @Test
  void verifiesThatASlowCallDoesNotHoldUpTheReplyToAnotherJobsCall(Vertx client, VertxTestContext test)
      throws Throwable {
    String job = running("slow.other").getString("jobId");
    String cursor = admin.get("/jobs/watch").json().getString("cursor");
    Checkpoint answered = test.checkpoint(2);
    WebSocketClient sockets = client.createWebSocketClient();
    sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(cluster.node(0).config().httpPort()).setURI("/api/v1/ws")
        .addHeader("Authorization", "Bearer " + adminToken)).onComplete(test.succeeding(ws -> {
          ws.textMessageHandler(text -> test.verify(() -> {
            JsonObject reply = new JsonObject(text);
            if ("fast".equals(reply.getValue("id"))) {
              assertEquals(200, reply.getInteger("status"));
              answered.flag();
            } else if ("slow".equals(reply.getValue("id"))) {
              // Only a change applied while the long poll waited can end it: the call behind it was not held up.
              assertEquals(200, reply.getInteger("status"), "the long poll ends with the change it waited for");
              assertTrue(reply.getJsonObject("data").getJsonArray("result").stream()
                  .anyMatch(j -> job.equals(((JsonObject) j).getString("jobId"))));
              ws.close();
              answered.flag();
            }
          }));
          ws.writeTextMessage(new JsonObject().put("type", "call").put("id", "slow").put("method", "GET")
              .put("path", "/jobs/watch?wait=20&cursor=" + cursor).encode());
          ws.writeTextMessage(new JsonObject().put("type", "call").put("id", "fast").put("method", "POST")
              .put("path", "/jobs/" + job + "/status").put("body", new JsonObject().put("percent", 42)).encode());
        }));
    assertTrue(test.awaitCompletion(30, SECONDS), "both calls answered");
    sockets.close();
    if (test.failed()) {
      throw test.causeOfFailure();
    }
  }


  @Test
  void verifiesThatMalformedCallsGetClearErrorsAndTheSocketStays() {
    try (WsClient ws = WsClient.connect(cluster, 0, adminToken)) {
      ws.send(new JsonObject().put("type", "call").put("method", "GET").put("path", "/jobs"));
      JsonObject noId = ws.next("error", 10);
      assertEquals("bad_request", noId.getString("code"));
      ws.send(new JsonObject().put("type", "call").put("id", 7).put("path", "/jobs"));
      JsonObject noMethod = ws.reply(7, 10);
      assertEquals("error", noMethod.getString("type"));
      assertEquals("bad_request", noMethod.getString("code"));
      ws.call(8, "GET", "jobs", null);
      assertEquals(400, ws.reply(8, 10).getInteger("status"));
      ws.send(new JsonObject().put("type", "ping"));
      assertNotNull(ws.next("pong", 10));
    }
  }

  @Test
  void verifiesThatCallsHaveTheRateLimitsOfHttp() {
    String token = token("flood", "flood-password");
    try (WsClient ws = WsClient.connect(cluster, 0, token)) {
      for (int i = 0; i < 700; i++) {
        ws.call(i, "GET", "/jobs/no-such-job", null);
      }
      int limited = 0;
      for (int i = 0; i < 700; i++) {
        JsonObject r = ws.reply(i, 30);
        if (r.getInteger("status") == 429) {
          assertEquals("rate_limited", r.getJsonObject("data").getString("error"));
          limited++;
        } else {
          assertEquals(404, r.getInteger("status"));
        }
      }
      assertTrue(limited > 0, "over 300 a second some calls are refused with 429");
    }
  }

  @Test
  void verifiesThatAChangeSentAgainOverHttpWithItsOpIdIsAnsweredAsTheFirstTimeAndAppliedOnce() {
    String job = running("opid.http").getString("jobId");
    JsonObject change = new JsonObject().put("percent", 33).put("desc", "once").put("opId", "retry-me");
    Api.Response first = admin.post("/jobs/" + job + "/status", change);
    Api.Response again = cluster.api(1).asAdmin().post("/jobs/" + job + "/status", change);
    assertEquals(200, again.status());
    assertEquals(first.json().getLong("seq"), again.json().getLong("seq"));
    assertEquals(first.json().getLong("seq"), admin.job(job).getLong("seq"), "applied once");
    Api.Response tooLong = admin.post("/jobs/" + job + "/status", new JsonObject().put("opId", "x".repeat(65)));
    assertEquals(400, tooLong.status());
  }

  @Test
  void verifiesThatCallsResentAfterADroppedSocketAreAppliedOnce() {
    String job = running("resend.job").getString("jobId");
    long seq = admin.job(job).getLong("seq");
    // A job remembers the outcomes of its last 16 operations: a client re-sends at most that many.
    List<JsonObject> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(new JsonObject().put("path", "/jobs/" + job + "/runlog")
          .put("body", new JsonObject().put("lines", new JsonArray().add("l" + (2 * i + 1)).add("l" + (2 * i + 2)))
              .put("after", 2 * i)));
      calls.add(new JsonObject().put("path", "/jobs/" + job + "/status")
          .put("body", new JsonObject().put("percent", i).put("opId", "status-" + i)));
    }
    try (WsClient first = WsClient.connect(cluster, 0, adminToken)) {
      for (int i = 0; i < calls.size(); i++) {
        first.call(i, "POST", calls.get(i).getString("path"), calls.get(i).getJsonObject("body"));
      }
      // Dropped at once: some calls applied, some not, no reply read.
    }
    try (WsClient again = WsClient.connect(cluster, 1, adminToken)) {
      for (int i = 0; i < calls.size(); i++) {
        again.call(i, "POST", calls.get(i).getString("path"), calls.get(i).getJsonObject("body"));
      }
      for (int i = 0; i < calls.size(); i++) {
        JsonObject r = again.reply(i, 30);
        int status = r.getInteger("status");
        assertTrue(status == 200 || (status == 409 && "line_conflict".equals(r.getJsonObject("data").getString("error"))),
            r.encode());
      }
    }
    JsonObject log = admin.get("/jobs/" + job + "/runlog").json();
    assertEquals(16, log.getInteger("lastLine"), "every line once");
    for (int i = 0; i < 16; i++) {
      assertEquals("l" + (i + 1), log.getJsonArray("lines").getJsonObject(i).getString("text"));
    }
    assertEquals(seq + 16, admin.job(job).getLong("seq"), "8 appends and 8 statuses, each applied once");
  }
}
