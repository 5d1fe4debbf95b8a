package io.jobwatch.it;

import io.jobwatch.testing.Api;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
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
  /** The node frozen (-Dit.cut=0 freezes the first one, usually the master) and the majority's two. */
  private static final int FROZEN = Integer.getInteger("it.cut", 2);
  private static final int HEALTHY = (FROZEN + 1) % 3;
  private static final int OTHER_HEALTHY = (FROZEN + 2) % 3;
  /** How long the majority may take to acknowledge a change after the frozen node's removal. */
  private static final long CREATE_DURING_FREEZE_MS = 60_000;
  private static final long ANSWER_WAIT_MS = 20_000;
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
      Api first = plain.get(HEALTHY).as("admin", NodeProcesses.ADMIN_PASSWORD);
      String token = first.post("/token", new JsonObject()).json().getString("token");
      List<Api> admin = plain.stream().map(a -> a.withToken(token)).toList();

      nodes.signal(FROZEN, "STOP");
      await().atMost(60, SECONDS).until(() -> members(plain.get(HEALTHY)) == 2 && members(plain.get(OTHER_HEALTHY)) == 2);
      // Right after the removal a change can still answer 503 (its backup was on the frozen node):
      // sent again with its operation id, as a client does, until it is acknowledged.
      String during = "created-during-freeze";
      JsonObject spec = new JsonObject().put("name", "it.split.majority").put("jobId", during).put("opId", during);
      retryUntilCreated("the job created during the freeze", () -> admin.get(HEALTHY).postAsync("/jobs", spec));
      assertEquals(200, admin.get(OTHER_HEALTHY).get("/jobs/" + during).status(), "the majority serves without the frozen node");
      retryUntilCreated("the user made during the freeze", () -> admin.get(HEALTHY).postAsync("/users", user("made-during-freeze")));
      nodes.signal(FROZEN, "CONT");

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
        Api.Response read = admin.get(FROZEN).get("/jobs/" + during);
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
        Api.Response created = admin.get(FROZEN).post("/jobs", new JsonObject().put("name", "it.split.thawed"));
        createAnswers.merge(created.status(), 1, Integer::sum);
        if (created.status() == 201) {
          acknowledged.add(created.json().getString("jobId"));
        } else {
          assertEquals(503, created.status(), created.toString());
        }
        // Identity is protected as the jobs are: a user made on a cut-off node would be lost on merge.
        String name = "thawed-" + userAnswers.values().stream().mapToInt(Integer::intValue).sum();
        Api.Response madeUser = admin.get(FROZEN).post("/users", user(name));
        userAnswers.merge(madeUser.status(), 1, Integer::sum);
        if (madeUser.status() == 201) {
          usersAcknowledged.add(name);
        } else {
          assertEquals(503, madeUser.status(), madeUser.toString());
        }
        sawUnready |= plain.get(FROZEN).get("/ready").status() == 503;
      }
      assertTrue(sawUnready, "the thawed node was cut off for a while (else this test proved nothing)");
      // Hazelcast merges the lone member back (first merge run 20 s after a split, cluster.xml).
      await().atMost(120, SECONDS).ignoreExceptions()
          .until(() -> members(plain.get(HEALTHY)) == 3 && plain.get(FROZEN).get("/ready").status() == 200);
      for (String id : acknowledged) {
        Api.Response kept = admin.get(HEALTHY).get("/jobs/" + id);
        assertEquals(200, kept.status(), "a job the thawed node acknowledged is kept: " + kept);
      }
      assertEquals(200, admin.get(FROZEN).get("/jobs/" + during).status(), "merged back, it serves the majority's jobs");
      assertTrue(userAnswers.containsKey(503), "the cut-off node refused user changes: " + userAnswers);
      for (String name : usersAcknowledged) {
        Api.Response kept = admin.get(HEALTHY).get("/users/" + name);
        assertEquals(200, kept.status(), "a user the thawed node acknowledged is kept: " + kept);
      }
      assertEquals(200, plain.get(FROZEN).post("/login", new JsonObject().put("username", "made-during-freeze")
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

  /**
   * Sends a create again (as a client does after a 503 or no answer) until it is answered 201; a
   * failure lists every answer with its time, so that a slow recovery tells what it went through.
   */
  private static void retryUntilCreated(String what, Supplier<Future<Api.Response>> send) {
    long start = System.currentTimeMillis();
    List<String> answers = new CopyOnWriteArrayList<>();
    try {
      await().atMost(CREATE_DURING_FREEZE_MS, MILLISECONDS).until(() -> {
        long sentAt = System.currentTimeMillis() - start;
        try {
          Api.Response r = send.get().await(ANSWER_WAIT_MS, MILLISECONDS);
          answers.add(sentAt + " ms: " + r);
          return r.status() == 201;
        } catch (TimeoutException e) {
          answers.add(sentAt + " ms: no answer within " + ANSWER_WAIT_MS + " ms");
          return false;
        }
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " was not acknowledged within " + CREATE_DURING_FREEZE_MS + " ms; answers: " + answers, e);
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
