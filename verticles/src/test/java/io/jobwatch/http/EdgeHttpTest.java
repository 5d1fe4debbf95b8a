package io.jobwatch.http;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.Tokens;
import io.jobwatch.testing.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP and WebSocket edge against bad input (PROTOCOL.md §2): bodies are JSON whatever their
 * content type, every refusal is the contract's JSON in our words — also before routing — and none
 * of them fills the log.
 */
@JobwatchCluster(env = {"JOBWATCH_MAX_WS_MESSAGE_BYTES=4096"})
class EdgeHttpTest {
  private static TestCluster cluster;
  private static Api admin;
  private static String adminToken;
  private static WebClient raw;
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(0).asAdmin();
    vertx = cluster.node(0).vertx();
    port = cluster.node(0).config().httpPort();
    raw = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    adminToken = cluster.adminToken();
  }

  @AfterAll
  static void stop() {
    raw.close();
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String uri, String contentType, String body) {
    HttpRequest<Buffer> request = raw.request(method, uri).putHeader("Authorization", "Bearer " + adminToken);
    if (contentType != null) {
      request.putHeader("content-type", contentType);
    }
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await();
  }

  private static void assertJsonError(HttpResponse<Buffer> r, int status, String code, String what) {
    assertEquals(status, r.statusCode(), what + ": " + r.bodyAsString());
    assertTrue(String.valueOf(r.getHeader("content-type")).startsWith("application/json"), what);
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(code, body.getString("error"), what);
    assertFalse(body.getString("message").isBlank(), what);
  }

  private static String runningJob() {
    String id = admin.createJob("edge.job").getString("jobId");
    assertEquals(200, admin.event(id, "request_start_job").status());
    return id;
  }

  @Test
  void verifiesThatABodyIsJsonWhateverItsContentTypeSaysAsCurlDashDSendsIt() {
    String id = runningJob();
    String status = "/api/v1/jobs/" + id + "/status";
    for (String type : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "text/plain", null}) {
      HttpResponse<Buffer> r = send(HttpMethod.POST, status, type, "{\"percent\":50,\"desc\":\"50% done\"}");
      assertEquals(200, r.statusCode(), type + ": " + r.bodyAsString());
      assertEquals("50% done", r.bodyAsJsonObject().getString("desc"), type);
    }
    String longDesc = "x%".repeat(2000);
    HttpResponse<Buffer> big = send(HttpMethod.POST, status, "application/x-www-form-urlencoded",
        new JsonObject().put("percent", 60).put("desc", longDesc).encode());
    assertEquals(200, big.statusCode(), big.bodyAsString());
    assertEquals(longDesc, admin.job(id).getString("desc"), "a 4 KB body with % signs, sent as a form");

    assertEquals(201, admin.post("/users", new JsonObject().put("name", "percy").put("password", "pass%word&=1")
        .put("roles", new JsonArray().add("user"))).status());
    HttpResponse<Buffer> login = raw.post("/api/v1/login").putHeader("content-type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer("{\"username\":\"percy\",\"password\":\"pass%word&=1\"}")).await();
    assertEquals(200, login.statusCode(), login.bodyAsString());
  }

  @Test
  void verifiesThatEveryBadFieldIsNamedInItsRefusal() {
    String id = runningJob();
    Map<String, JsonObject> statusBodies = Map.of(
        "percent", new JsonObject().put("percent", "abc"),
        "desc", new JsonObject().put("desc", 5),
        "reserve_for", new JsonObject().put("reserve_for", -3));
    statusBodies.forEach((field, body) -> {
      Api.Response r = admin.post("/jobs/" + id + "/status", body);
      assertEquals(400, r.status(), r.toString());
      assertTrue(r.json().getString("message").contains("'" + field + "'"), field + ": " + r);
    });
    Map<String, Api.Response> others = Map.of(
        "name", admin.post("/jobs", new JsonObject().put("name", 7)),
        "maxAttempts", admin.post("/jobs", new JsonObject().put("name", "n").put("maxAttempts", 0)),
        "lines", admin.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", "x")),
        "after", admin.get("/jobs/" + id + "/runlog?after=x"),
        "per_page", admin.get("/jobs?per_page=0"),
        "username", admin.post("/login", new JsonObject().put("password", "x")));
    others.forEach((field, r) -> {
      assertEquals(400, r.status(), field + ": " + r);
      assertTrue(r.json().getString("message").contains("'" + field + "'"), field + ": " + r);
    });
    HttpResponse<Buffer> malformed = send(HttpMethod.POST, "/api/v1/jobs/" + id + "/status", null, "{\"percent\": 5,");
    assertJsonError(malformed, 400, "bad_request", "malformed JSON");
    assertTrue(malformed.bodyAsJsonObject().getString("message").matches("malformed JSON at line 1, column \\d+"),
        malformed.bodyAsString());
  }

  @Test
  void verifiesThatMalformedEscapesAndOversizedRequestsGetJsonErrorsAndLeaveTheLogQuiet() {
    String id = runningJob();
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        String logger = String.valueOf(record.getLoggerName());
        if (record.getLevel().intValue() >= Level.WARNING.intValue()
            && (logger.startsWith("io.vertx") || logger.startsWith("io.jobwatch") || logger.startsWith("io.netty"))) {
          synchronized (logged) {
            logged.add(record);
          }
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      for (String uri : List.of("/api/v1/jobs?name=%zz", "/api/v1/jobs?per_page=%", "/api/v1/jobs/watch?cursor=%zz",
          "/api/v1/jobs/" + id + "/runlog?after=%g1", "/api/v1/jobs/%zz", "/api/v1/jobs/" + id + "/runlog%",
          "/%zz")) {
        assertJsonError(send(HttpMethod.GET, uri, null, null), 400, "bad_request", uri);
      }
      assertJsonError(send(HttpMethod.GET, "/api/v1/jobs/" + "a".repeat(10_240), null, null), 414, "too_large",
          "a 10 KB path");
      HttpResponse<Buffer> headers = raw.get("/api/v1/jobs").putHeader("X-Big", "a".repeat(100_000)).send().await();
      assertJsonError(headers, 431, "too_large", "a 100 KB header");
      assertEquals(200, admin.get("/jobs").status(), "the node serves on");
    } finally {
      root.removeHandler(capture);
    }
    synchronized (logged) {
      assertTrue(logged.isEmpty(), "logged: " + logged.stream().map(LogRecord::getMessage).toList());
    }
  }

  /** Signed with the cluster's key but with claims of the wrong type: each is refused 401 in our words. */
  private static List<String> wronglyTypedTokens() {
    long exp = System.currentTimeMillis() / 1000 + 300;
    JsonObject valid = new JsonObject().put("sub", "admin").put("roles", new JsonArray().add("admin"))
        .put("iss", "jobwatch").put("aud", "jobwatch").put("exp", exp);
    List<JsonObject> claims = List.of(valid.copy().put("exp", String.valueOf(exp)), valid.copy().put("exp", true),
        valid.copy().put("aud", 5), valid.copy().put("iat", "x"), valid.copy().put("nbf", "x"),
        valid.copy().put("gen", "x"), valid.copy().put("roles", "admin"), valid.copy().put("sub", 5));
    return claims.stream().map(c -> Tokens.hs256(TestCluster.JWT_SECRET, c)).toList();
  }

  @Test
  void verifiesThatSignedTokensWithWronglyTypedClaimsAre401InOurWords() {
    for (String token : wronglyTypedTokens()) {
      Api.Response r = cluster.api(0).withToken(token).get("/jobs");
      assertEquals(401, r.status(), token + ": " + r);
      assertEquals("unauthenticated", r.error());
      String message = r.json().getString("message");
      for (String internal : List.of("Exception", "cannot be cast", "java.", "Failed to decode", "LinkedHashMap")) {
        assertFalse(message.contains(internal), "library internals in: " + message);
      }
    }
    Api.Response garbage = cluster.api(0).withToken("eyJhbGciOiJIUzI1NiJ9.e30K.@@@").get("/jobs");
    assertEquals(401, garbage.status());
    assertFalse(garbage.json().getString("message").contains("Failed to decode"), garbage.toString());
  }

  @Test
  void verifiesThatSocketsWithWronglyTypedClaimsAreClosed4401() {
    for (String token : wronglyTypedTokens()) {
      try (WsClient header = WsClient.connect(vertx, port, token, null);
           WsClient message = WsClient.connect(vertx, port, null, null)) {
        message.send(new JsonObject().put("type", "auth").put("token", token));
        await().atMost(10, SECONDS).until(() -> header.closeCode() != null && message.closeCode() != null);
        assertEquals((short) 4401, header.closeCode());
        assertEquals((short) 4401, message.closeCode());
      }
    }
  }

  @Test
  void verifiesThatTheSocketMessageLimitCountsBytesNotCharacters() {
    try (WsClient under = WsClient.connect(vertx, port, adminToken, null);
         WsClient over = WsClient.connect(vertx, port, adminToken, null)) {
      // 1,200 euro signs: 1,200 characters, 3,600 bytes, under the 4,096-byte limit.
      under.sendText("{\"type\":\"ping\",\"pad\":\"" + "€".repeat(1200) + "\"}");
      assertEquals("pong", under.next("pong", 10).getString("type"));
      // 2,000 euro signs: 2,000 characters (under the limit if counted so), 6,000 bytes (over it).
      over.sendText("{\"type\":\"ping\",\"pad\":\"" + "€".repeat(2000) + "\"}");
      await().atMost(10, SECONDS).until(() -> over.closeCode() != null);
      assertEquals((short) 1009, over.closeCode());
      assertNull(under.closeCode());
    }
  }
}
