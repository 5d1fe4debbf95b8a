package io.jobwatch.auth;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verifies that the rate limits hold across a two-node cluster (bucket4j buckets in Hazelcast):
 * failed logins per name, login attempts per client address (behind a proxy that names it), and
 * requests per user — a client that spreads its tries over the nodes gets no more.
 */
@JobwatchCluster(nodes = 2, env = {
    "JOBWATCH_LOGIN_ATTEMPTS_PER_MINUTE=" + LoginLimitsTest.ATTEMPTS_PER_MINUTE,
    "JOBWATCH_LOGIN_FAILURES_PER_MINUTE=" + LoginLimitsTest.FAILURES_PER_MINUTE,
    "JOBWATCH_RATE_LIMIT=" + LoginLimitsTest.REQUESTS_PER_SECOND,
    "JOBWATCH_CLIENT_ADDRESS_HEADER=X-Forwarded-For"})
class LoginLimitsTest {
  static final int ATTEMPTS_PER_MINUTE = 6;
  static final int FAILURES_PER_MINUTE = 3;
  static final int REQUESTS_PER_SECOND = 20;
  private static TestCluster cluster;
  private static final List<WebClient> clients = new ArrayList<>();

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    for (int i = 0; i < 2; i++) {
      clients.add(WebClient.create(cluster.node(i).vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(cluster.node(i).config().httpPort())));
    }
    Api admin = cluster.api(0).withToken(login(0, "10.9.9.9", "admin", TestCluster.ADMIN_PASSWORD).bodyAsJsonObject()
        .getString("token"));
    for (String name : List.of("guessed", "spared", "traveller", "busy")) {
      assertEquals(201, admin.post("/users", new JsonObject().put("name", name).put("password", name + "-password")
          .put("roles", new JsonArray().add("user"))).status());
    }
  }

  @AfterAll
  static void stop() {
    clients.forEach(WebClient::close);
  }

  private static HttpResponse<Buffer> login(int node, String forwardedFor, String name, String password) {
    return clients.get(node).post("/api/v1/login").putHeader("X-Forwarded-For", forwardedFor)
        .sendJsonObject(new JsonObject().put("username", name).put("password", password)).await();
  }

  private static void assertLimited(HttpResponse<Buffer> r, String what) {
    assertEquals(429, r.statusCode(), what + ": " + r.bodyAsString());
    assertEquals("rate_limited", r.bodyAsJsonObject().getString("error"));
    assertEquals("1", r.getHeader("retry-after"));
  }

  @Test
  void verifiesThatFailedLoginsForANameAreCountedAcrossNodesAndAddresses() {
    for (int i = 0; i < FAILURES_PER_MINUTE; i++) {
      HttpResponse<Buffer> r = login(i % 2, "10.1.0." + i, "guessed", "wrong-password");
      assertEquals(401, r.statusCode(), r.bodyAsString());
    }
    for (int node = 0; node < 2; node++) {
      assertLimited(login(node, "10.1.1." + node, "guessed", "guessed-password"),
          "after " + FAILURES_PER_MINUTE + " failures over both nodes, node " + node + " refuses even the right password");
    }
    assertEquals(200, login(1, "10.1.2.1", "spared", "spared-password").statusCode(), "another name is not held up");
  }

  @Test
  void verifiesThatLoginAttemptsPerAddressAreCountedAcrossNodesAndTheProxysHopIsTheOneThatCounts() {
    for (int i = 0; i < ATTEMPTS_PER_MINUTE; i++) {
      // The client may put anything in front; the proxy's own hop (the last) is what counts.
      HttpResponse<Buffer> r = login(i % 2, "192.0.2." + i + ", 10.2.0.7", "traveller", "traveller-password");
      assertEquals(200, r.statusCode(), r.bodyAsString());
    }
    for (int node = 0; node < 2; node++) {
      assertLimited(login(node, "10.2.0.7", "traveller", "traveller-password"), "node " + node);
    }
    assertEquals(200, login(0, "10.2.0.8", "traveller", "traveller-password").statusCode(),
        "another address logs in");
  }

  @Test
  void verifiesThatRequestsPerUserAreLimitedForTheClusterNotPerNode() {
    String token = login(0, "10.3.0.1", "busy", "busy-password").bodyAsJsonObject().getString("token");
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 400; i++) {
      burst.add(clients.get(i % 2).get("/api/v1/jobs").putHeader("Authorization", "Bearer " + token).send());
    }
    Future.join(burst).await();
    double seconds = (System.nanoTime() - started) / 1e9;
    long passed = burst.stream().filter(f -> f.result().statusCode() == 200).count();
    long limited = burst.stream().filter(f -> f.result().statusCode() == 429).count();
    assertEquals(400, passed + limited, "every answer is 200 or 429");
    // One bucket for the cluster: its capacity, what it refilled meanwhile, and each node's
    // unsynchronised share (a tenth of the rate). Two per-node buckets would pass twice that.
    double cluster = REQUESTS_PER_SECOND + REQUESTS_PER_SECOND * seconds + 2 * (REQUESTS_PER_SECOND / 10.0) + 2;
    assertTrue(passed <= cluster, passed + " passed in " + seconds + " s; one cluster-wide bucket allows " + cluster);
    assertTrue(limited > 0);
  }
}
