package io.jobwatch.it;

import io.jobwatch.testing.Api;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node processes with {@code JOBWATCH_MIN_MEMBERS=2}. One is frozen (SIGSTOP) until the two
 * others have removed it from the cluster, and thawed (SIGCONT): it then stands alone, cut off
 * from the majority, until Hazelcast merges it back. The majority serves throughout; the cut-off
 * node turns unready and answers 503 — after at most a moment right after the thaw in which it
 * still reads its stale copies — and nothing it acknowledges is missing from the majority.
 */
class SplitBrainIT {
  private static final long WATCH_AFTER_THAW_MS = 15_000;
  /** How long after its thaw the node may still read its stale copies (it learns within a heartbeat or two). */
  private static final long STALE_WINDOW_MS = 3_000;
  private static final String USER_PASSWORD = "split-brain-user-password";

  @Test
  void verifiesThatANodeCutOffFromTheMajorityRefusesInsteadOfServingAClusterOfItsOwn() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (NodeProcesses nodes = new NodeProcesses(3, "split-brain", Map.of("JOBWATCH_MIN_MEMBERS", "2"))) {
      List<Api> plain = new ArrayList<>();
      for (int port : nodes.httpPorts) {
        plain.add(Api.to(vertx, port));
      }
      nodes.awaitReady(Duration.ofMinutes(3));
      Api first = plain.get(0).as("admin", NodeProcesses.ADMIN_PASSWORD);
      String token = first.post("/token", new JsonObject()).json().getString("token");
      List<Api> admin = plain.stream().map(a -> a.withToken(token)).toList();

      nodes.signal(2, "STOP");
      await().atMost(60, SECONDS).until(() -> members(plain.get(0)) == 2 && members(plain.get(1)) == 2);
      // Right after the removal a change can still answer 503 (its backup was on the frozen node):
      // sent again with its operation id, as a client does, until it is acknowledged.
      String during = "created-during-freeze";
      JsonObject spec = new JsonObject().put("name", "it.split.majority").put("jobId", during).put("opId", during);
      await().atMost(30, SECONDS).until(() -> admin.get(0).post("/jobs", spec).status() == 201);
      assertEquals(200, admin.get(1).get("/jobs/" + during).status(), "the majority serves without the frozen node");
      await().atMost(30, SECONDS).until(() -> admin.get(0).post("/users", user("made-during-freeze")).status() == 201);
      nodes.signal(2, "CONT");

      // What the thawed node answers while it is cut off, and after it is merged back.
      Map<Integer, Integer> readAnswers = new TreeMap<>();
      Map<Integer, Integer> createAnswers = new TreeMap<>();
      Map<Integer, Integer> userAnswers = new TreeMap<>();
      List<String> acknowledged = new ArrayList<>();
      List<String> usersAcknowledged = new ArrayList<>();
      boolean sawUnready = false;
      boolean refused = false;
      long thawedAt = System.currentTimeMillis();
      long lastStaleRead = -1;
      long until = thawedAt + WATCH_AFTER_THAW_MS;
      while (System.currentTimeMillis() < until) {
        Api.Response read = admin.get(2).get("/jobs/" + during);
        readAnswers.merge(read.status(), 1, Integer::sum);
        if (read.status() == 404) {
          // Stale: right after the thaw, before it learns that it was removed, the node still
          // believes in the old cluster and reads its own copies; that window is short, and once
          // the node has refused anything it never reads stale again.
          lastStaleRead = System.currentTimeMillis() - thawedAt;
          assertFalse(refused, "no stale read once the node knows it is cut off");
          assertTrue(lastStaleRead < STALE_WINDOW_MS, "stale reads only right after the thaw: " + lastStaleRead + " ms");
        }
        refused |= read.status() == 503;
        Api.Response created = admin.get(2).post("/jobs", new JsonObject().put("name", "it.split.thawed"));
        createAnswers.merge(created.status(), 1, Integer::sum);
        if (created.status() == 201) {
          acknowledged.add(created.json().getString("jobId"));
        } else {
          assertEquals(503, created.status(), created.toString());
        }
        // Identity is protected as the jobs are: a user made on a cut-off node would be lost on merge.
        String name = "thawed-" + userAnswers.values().stream().mapToInt(Integer::intValue).sum();
        Api.Response madeUser = admin.get(2).post("/users", user(name));
        userAnswers.merge(madeUser.status(), 1, Integer::sum);
        if (madeUser.status() == 201) {
          usersAcknowledged.add(name);
        } else {
          assertEquals(503, madeUser.status(), madeUser.toString());
        }
        sawUnready |= plain.get(2).get("/ready").status() == 503;
      }
      assertTrue(sawUnready, "the thawed node was cut off for a while (else this test proved nothing)");
      // Hazelcast merges the lone member back (first merge run 20 s after a split, cluster.xml).
      await().atMost(120, SECONDS).ignoreExceptions()
          .until(() -> members(plain.get(0)) == 3 && plain.get(2).get("/ready").status() == 200);
      for (String id : acknowledged) {
        Api.Response kept = admin.get(0).get("/jobs/" + id);
        assertEquals(200, kept.status(), "a job the thawed node acknowledged is kept: " + kept);
      }
      assertEquals(200, admin.get(2).get("/jobs/" + during).status(), "merged back, it serves the majority's jobs");
      assertTrue(userAnswers.containsKey(503), "the cut-off node refused user changes: " + userAnswers);
      for (String name : usersAcknowledged) {
        Api.Response kept = admin.get(0).get("/users/" + name);
        assertEquals(200, kept.status(), "a user the thawed node acknowledged is kept: " + kept);
      }
      assertEquals(200, plain.get(2).post("/login", new JsonObject().put("username", "made-during-freeze")
          .put("password", USER_PASSWORD)).status(), "merged back, it knows the majority's users");

      String report = "thawed node, reads of a job created during the freeze: " + readAnswers
          + "; creates: " + createAnswers + "; user creates: " + userAnswers + "; last stale read " + lastStaleRead + " ms after the thaw\n";
      System.out.print(report);
      Files.writeString(nodes.logDirectory().resolve("split-brain.txt"), report);
      admin.forEach(Api::close);
      plain.forEach(Api::close);
    } finally {
      vertx.close().await();
    }
  }

  private static JsonObject user(String name) {
    return new JsonObject().put("name", name).put("password", USER_PASSWORD).put("roles", new JsonArray().add("user"))
        .put("perms", new JsonArray());
  }

  /** The members the node sees, from {@code /ready}'s cluster check. */
  private static int members(Api node) {
    JsonObject ready = node.get("/ready").json();
    return ready.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> "cluster".equals(c.getString("id"))).findFirst().orElseThrow()
        .getJsonObject("data").getInteger("members");
  }
}
