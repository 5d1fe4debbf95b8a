package io.jobwatch.auth;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.Tokens;
import io.jobwatch.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token revocation on a two-node cluster (PROTOCOL.md §2 Identity): deleting a user or changing
 * its password, roles or perms refuses its earlier tokens on every node and closes its sockets
 * 4401; other changes and other users are left alone.
 */
@JobwatchCluster(nodes = 2)
class RevocationTest {
  private static TestCluster cluster;
  private static Api admin;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(0).asAdmin();
  }

  private static void user(String name) {
    Api.Response r = admin.post("/users", new JsonObject().put("name", name).put("password", name + "-password")
        .put("roles", new JsonArray().add("user")));
    assertEquals(201, r.status(), r.toString());
  }

  private static String token(int node, String name) {
    Api.Response r = cluster.api(node).post("/login", new JsonObject().put("username", name)
        .put("password", name + "-password"));
    assertEquals(200, r.status(), r.toString());
    return r.json().getString("token");
  }

  private static int status(int node, String token) {
    return cluster.api(node).withToken(token).get("/jobs").status();
  }

  /** Waits until the other node refuses the token too (it learns through the cluster, in milliseconds). */
  private static void awaitRefusedEverywhere(String token) {
    assertEquals(401, status(0, token), "the node that made the change refuses at once");
    await().atMost(10, SECONDS).until(() -> status(1, token) == 401);
    Api.Response r = cluster.api(1).withToken(token).get("/jobs");
    assertTrue(r.json().getString("message").contains("revoked"), r.toString());
  }

  @Test
  void verifiesThatDeletingAUserRevokesItsTokensOnEveryNodeAndClosesItsSockets() {
    user("gone");
    String fromNode0 = token(0, "gone");
    String fromNode1 = token(1, "gone");
    assertEquals(200, status(1, fromNode0), "a token works on every node");
    try (WsClient socket = WsClient.connect(cluster, 1, fromNode1)) {
      socket.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", socket.next("pong", 10).getString("type"));

      assertEquals(200, admin.delete("/users/gone").status());
      awaitRefusedEverywhere(fromNode0);
      awaitRefusedEverywhere(fromNode1);
      await().atMost(10, SECONDS).until(() -> socket.closeCode() != null);
      assertEquals((short) 4401, socket.closeCode());
    }
  }

  @Test
  void verifiesThatChangingPermsRolesOrPasswordRevokesEarlierTokensButNotLaterOnes() {
    user("changing");
    for (JsonObject change : List.of(
        new JsonObject().put("perms", new JsonArray().add("job:read:etl.*")),
        new JsonObject().put("roles", new JsonArray().add("worker")),
        new JsonObject().put("password", "changing-password"))) {
      String before = token(1, "changing");
      assertEquals(200, status(0, before));
      assertEquals(200, admin.put("/users/changing", change).status(), change.encode());
      awaitRefusedEverywhere(before);
      String after = token(1, "changing");
      assertEquals(200, status(0, after), "a login after the change works: " + change.encode());
      assertEquals(200, status(1, after));
    }
  }

  @Test
  void verifiesThatOtherChangesAndOtherUsersKeepTheirTokensAndSockets() {
    user("kept");
    user("bystander");
    String kept = token(0, "kept");
    String bystander = token(1, "bystander");
    try (WsClient socket = WsClient.connect(cluster, 1, bystander)) {
      assertEquals(200, admin.put("/users/kept", new JsonObject().put("realname", "Kept Person")).status());
      assertEquals(200, status(1, kept), "a change of details revokes nothing");
      user("victim");
      String victim = token(0, "victim");
      assertEquals(200, admin.delete("/users/victim").status());
      awaitRefusedEverywhere(victim);
      // The victim's revocation reached node 1 (above); the bystander's socket is still served.
      socket.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", socket.next("pong", 10).getString("type"));
      assertNull(socket.closeCode());
      assertEquals(200, status(0, bystander));
    }
  }

  @Test
  void verifiesThatATokenMadeElsewhereWithoutAGenerationIsRevokedToo() {
    user("minted");
    // An HS256 token made by an operator's tool (no gen claim) counts as generation 0.
    String minted = Tokens.hs256(TestCluster.JWT_SECRET, new JsonObject().put("sub", "minted")
        .put("roles", new JsonArray().add("user")).put("iss", "jobwatch").put("aud", "jobwatch")
        .put("exp", System.currentTimeMillis() / 1000 + 300));
    assertEquals(200, status(1, minted));
    assertEquals(200, admin.put("/users/minted", new JsonObject().put("password", "another-password")).status());
    awaitRefusedEverywhere(minted);
  }

  @Test
  void verifiesThatAUserCreatedAgainUnderARevokedNameCanLogIn() {
    user("again");
    String old = token(0, "again");
    assertEquals(200, admin.delete("/users/again").status());
    user("again");
    awaitRefusedEverywhere(old);
    assertEquals(200, status(1, token(1, "again")));
  }
}
