package io.jobwatch.auth;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

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
    try (TestCluster cluster = TestCluster.start(2, Map.of("JOBWATCH_MIN_MEMBERS", "2"))) {
      Api plain = cluster.api(0);
      Api admin = plain.asAdmin();
      assertEquals(201, admin.post("/users", user("before")).status(), "with the majority: changes are made");

      cluster.node(1).stop().await(60, SECONDS);
      await().atMost(30, SECONDS).until(() -> cluster.node(0).hazelcast().getCluster().getMembers().size() == 1);

      assertRefused(admin.post("/users", user("alone")));
      assertRefused(admin.put("/users/before", new JsonObject().put("roles", new JsonArray().add("worker"))));
      assertRefused(admin.delete("/users/before"));
      assertRefused(plain.post("/login", new JsonObject().put("username", "before").put("password", "before-password")));
      assertRefused(admin.get("/users"));
      assertEquals(503, plain.get("/ready").status(), "not ready without the majority");
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
