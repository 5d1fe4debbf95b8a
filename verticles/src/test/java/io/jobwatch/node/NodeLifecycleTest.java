package io.jobwatch.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.gateway.QueueWindow;
import io.jobwatch.http.HttpApiVerticle;
import io.jobwatch.http.HttpNodeState;
import io.jobwatch.testing.Api;
import io.jobwatch.testing.FreePorts;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Readiness, retention, users over time, and a node that leaves without losing jobs. */
class NodeLifecycleTest {

  @Test
  void verifiesThatFinishedJobsExpireAfterRetentionAndOthersNever() {
    // 3 s, not 1: Hazelcast keeps expiry times in whole seconds, so a killed job with a retention of
    // 1 s can be gone before the restart that follows it (seen once in a full build).
    try (TestCluster cluster = TestCluster.start(1, Map.of("JOBWATCH_RETENTION", "3"))) {
      Api admin = cluster.api(0).asAdmin();
      String waiting = admin.createJob("retention.pending").getString("jobId");
      String done = admin.createJob("retention.done").getString("jobId");
      String restarted = admin.createJob("retention.restarted").getString("jobId");
      for (String id : List.of(done, restarted)) {
        admin.event(id, "request_start_job");
      }
      admin.event(done, "complete_job");
      admin.event(restarted, "kill_job");
      assertEquals(200, admin.event(restarted, "restart_stopped").status());
      await().atMost(15, SECONDS).pollInterval(200, java.util.concurrent.TimeUnit.MILLISECONDS)
          .until(() -> admin.get("/jobs/" + done).status() == 404);
      assertEquals("unknown", admin.get("/jobs/" + done).json().getString("state"));
      assertEquals(200, admin.get("/jobs/" + waiting).status(), "unfinished jobs never expire");
      assertEquals("pending", admin.job(restarted).getString("state"), "a restart cancels the expiry");
    }
  }

  @Test
  void verifiesThatANodeThatLeavesGracefullyTakesNoJobWithIt() {
    try (TestCluster cluster = TestCluster.start(2)) {
      Api leaving = cluster.api(1).asAdmin();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ids.add(leaving.createJob("leave.job" + i).getString("jobId"));
      }
      cluster.node(1).stop().await();
      Api staying = cluster.api(0).asAdmin();
      for (String id : ids) {
        assertEquals(200, staying.get("/jobs/" + id).status());
      }
    }
  }

  /**
   * Verifies that a stopped node can be collected: a warm start stops a whole node in the JVM that
   * then serves, and whatever of it stays reachable (its jobs, history window, Vert.x) is scanned
   * by every old-generation collection for as long as the process lives.
   */
  @Test
  void verifiesThatAStoppedNodeLeavesNothingInMemory() {
    List<WeakReference<Object>> parts = runAndStopANode();
    await().atMost(30, SECONDS).pollInterval(200, java.util.concurrent.TimeUnit.MILLISECONDS).until(() -> {
      System.gc();
      return parts.stream().allMatch(p -> p.get() == null);
    });
  }

  /** Starts a node, gives it a job and a queue event, stops it; weak references to its Vert.x and member. */
  private static List<WeakReference<Object>> runAndStopANode() {
    try (TestCluster cluster = TestCluster.start(1)) {
      Api admin = cluster.api(0).asAdmin();
      admin.event(admin.createJob("collected.job").getString("jobId"), "request_start_job");
      return List.of(new WeakReference<>(cluster.node(0).vertx()), new WeakReference<>(cluster.node(0).hazelcast()));
    }
  }

  @Test
  void verifiesThatUsersCanBeChangedAndDeleted() {
    try (TestCluster cluster = TestCluster.start(1)) {
      Api admin = cluster.api(0).asAdmin();
      assertEquals(201, admin.post("/users", new JsonObject().put("name", "dave").put("password", "dave-password")
          .put("roles", new JsonArray().add("user")).put("email", "dave@example.org")).status());
      assertEquals(409, admin.post("/users", new JsonObject().put("name", "dave").put("password", "another-one"))
          .status());
      JsonObject listed = admin.get("/users").json().getJsonArray("data").stream().map(JsonObject.class::cast)
          .filter(u -> u.getString("name").equals("dave")).findFirst().orElseThrow();
      assertEquals("dave@example.org", listed.getString("email"));
      assertEquals(null, listed.getValue("passwordHash"), "hashes never leave the cluster");
      Api.Response updated = admin.put("/users/dave", new JsonObject().put("password", "new-dave-password")
          .put("roles", new JsonArray().add("worker")));
      assertEquals(200, updated.status(), updated.toString());
      assertEquals(new JsonArray().add("worker"), updated.json().getJsonArray("roles"));
      assertEquals(401, cluster.api(0).post("/login", new JsonObject().put("username", "dave")
          .put("password", "dave-password")).status());
      Api dave = cluster.api(0).as("dave", "new-dave-password");
      assertEquals(403, dave.put("/users/dave", new JsonObject().put("roles", new JsonArray().add("admin"))).status());
      assertEquals(200, admin.delete("/users/dave").status());
      assertEquals(404, admin.get("/users/dave").status());
      assertEquals(401, cluster.api(0).post("/login", new JsonObject().put("username", "dave")
          .put("password", "new-dave-password")).status());
    }
  }

  @Test
  void verifiesThatHealthAndClusterSafetyAnswerOnASettledCluster() {
    try (TestCluster cluster = TestCluster.start(2)) {
      for (int i = 0; i < 2; i++) {
        Api api = cluster.api(i);
        Api.Response health = api.get("/health");
        assertEquals(200, health.status());
        assertEquals(Map.of("process", "UP"), statuses(health.json().getJsonArray("checks")));
        Api.Response ready = api.get("/ready");
        assertEquals(200, ready.status());
        JsonObject clusterCheck = ready.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
            .filter(c -> "cluster".equals(c.getString("id"))).findFirst().orElseThrow();
        assertEquals(2, clusterCheck.getJsonObject("data").getInteger("members"));
        await().atMost(30, SECONDS).until(() -> api.get("/health/cluster").status() == 200);
        assertEquals("UP", api.get("/health/cluster").json().getString("status"));
      }
    }
  }

  private static Map<String, String> statuses(JsonArray checks) {
    Map<String, String> out = new java.util.TreeMap<>();
    checks.stream().map(JsonObject.class::cast).forEach(c -> out.put(c.getString("id"), c.getString("status")));
    return out;
  }

  @Test
  void verifiesThatANodeThatIsNotReadyAnswers503ToEverythingButHealth() throws Exception {
    int port = FreePorts.next();
    NodeConfig config = NodeConfig.from(Map.of("JOBWATCH_HTTP_PORT", Integer.toString(port),
        "JOBWATCH_CLUSTER_NAME", "not-ready-" + UUID.randomUUID(), "JOBWATCH_CLUSTER_PORT",
        Integer.toString(FreePorts.next())));
    HazelcastInstance member = Hazelcast.newHazelcastInstance(ClusterConfigFactory.create(config));
    Vertx vertx = Vertx.vertx();
    try {
      Readiness notReady = new Readiness();
      io.jobwatch.auth.TokenService tokens = io.jobwatch.auth.TokenService.create(vertx, config,
          "not-ready-secret-0123456789-0123456789", new io.jobwatch.auth.Revocations(vertx, member));
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters =
          new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
      NodeServices services = new NodeServices(config, member, tokens, null, null, null,
          new QueueWindow(vertx, member, 10), notReady, meters, io.jobwatch.metrics.HubMetrics.NONE);
      vertx.deployVerticle(new HttpApiVerticle(services, new HttpNodeState(new io.jobwatch.auth.RateLimits(vertx, member, config,
          io.jobwatch.metrics.HubMetrics.NONE)))).await();
      WebClient client = WebClient.create(vertx);
      assertEquals(200, client.get(port, "127.0.0.1", "/api/v1/health").send().await().statusCode());
      for (String path : List.of("/api/v1/ready", "/api/v1/jobs", "/api/v1/login")) {
        var r = client.get(port, "127.0.0.1", path).send().await();
        assertEquals(503, r.statusCode(), path);
        assertEquals("unavailable", r.bodyAsJsonObject().getString("error"));
      }
      JsonObject down = client.get(port, "127.0.0.1", "/api/v1/ready").send().await().bodyAsJsonObject();
      assertEquals("node not ready (node)", down.getString("message"), "the message names the failing check");
      assertEquals(Map.of("node", "DOWN", "cluster", "UP"), statuses(down.getJsonArray("checks")));
      notReady.set(true);
      var ready = client.get(port, "127.0.0.1", "/api/v1/ready").send().await();
      assertEquals(200, ready.statusCode());
      assertEquals("UP", ready.bodyAsJsonObject().getString("status"));
      assertEquals(Map.of("node", "UP", "cluster", "UP"), statuses(ready.bodyAsJsonObject().getJsonArray("checks")));
      member.getLifecycleService().terminate();
      var memberGone = client.get(port, "127.0.0.1", "/api/v1/ready").send().await();
      assertEquals(503, memberGone.statusCode(), "a node whose cluster member stopped is not ready");
      assertEquals("DOWN", statuses(memberGone.bodyAsJsonObject().getJsonArray("checks")).get("cluster"));
    } finally {
      vertx.close().await();
      if (member.getLifecycleService().isRunning()) {
        member.shutdown();
      }
    }
  }
}
