package io.jobwatch.auth;

import io.jobwatch.node.JobwatchNode;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.testing.Api;
import io.jobwatch.testing.FreePorts;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identity under split-brain protection ({@code JOBWATCH_MIN_MEMBERS=2}): a node left without the
 * majority refuses user changes, logins and token revocations with 503, as it refuses the jobs;
 * a change it acknowledged there would be thrown away by the merge (a revoked token valid again).
 */
class IdentityMajorityTest {

  @Test
  void verifiesThatANodeWithoutTheMajorityRefusesUserChangesLoginsAndRevocations() throws Exception {
    List<Integer> memberPorts = List.of(FreePorts.next(), FreePorts.next());
    Map<String, String> env = new HashMap<>(Map.of(
        "JOBWATCH_CLUSTER_NAME", "jobwatch-test-" + UUID.randomUUID(),
        "JOBWATCH_CLUSTER_MEMBERS", "127.0.0.1:" + memberPorts.get(0) + ",127.0.0.1:" + memberPorts.get(1),
        "JOBWATCH_JWT_SECRET", TestCluster.JWT_SECRET,
        "JOBWATCH_ADMIN_PASSWORD", TestCluster.ADMIN_PASSWORD,
        "JOBWATCH_PASSWORD_ITERATIONS", "1000",
        "JOBWATCH_MIN_MEMBERS", "2"));
    // Both at once: with the protection a node turns ready only once it sees the other.
    List<Future<JobwatchNode>> starting = new ArrayList<>();
    for (int port : memberPorts) {
      Map<String, String> nodeEnv = new HashMap<>(env);
      nodeEnv.put("JOBWATCH_CLUSTER_PORT", Integer.toString(port));
      nodeEnv.put("JOBWATCH_HTTP_PORT", Integer.toString(FreePorts.next()));
      starting.add(JobwatchNode.start(NodeConfig.from(nodeEnv)));
    }
    JobwatchNode staying = starting.get(0).await(120, SECONDS);
    JobwatchNode leaving = starting.get(1).await(120, SECONDS);
    Vertx vertx = Vertx.vertx();
    try {
      Api plain = Api.to(vertx, staying.config().httpPort());
      Api admin = plain.as("admin", TestCluster.ADMIN_PASSWORD);
      assertEquals(201, admin.post("/users", user("before")).status(), "with the majority: changes are made");

      leaving.stop().await(60, SECONDS);
      await().atMost(30, SECONDS).until(() -> staying.hazelcast().getCluster().getMembers().size() == 1);

      assertRefused(admin.post("/users", user("alone")));
      assertRefused(admin.put("/users/before", new JsonObject().put("roles", new JsonArray().add("worker"))));
      assertRefused(admin.delete("/users/before"));
      assertRefused(plain.post("/login", new JsonObject().put("username", "before").put("password", "before-password")));
      assertRefused(admin.get("/users"));
      assertEquals(503, plain.get("/ready").status(), "not ready without the majority");
    } finally {
      vertx.close().await();
      staying.stop().await(60, SECONDS);
    }
  }

  private static void assertRefused(Api.Response r) {
    assertEquals(503, r.status(), r.toString());
    assertTrue(r.json().getString("message").contains("majority"), r.toString());
  }

  private static JsonObject user(String name) {
    return new JsonObject().put("name", name).put("password", name + "-password")
        .put("roles", new JsonArray().add("user"));
  }
}
