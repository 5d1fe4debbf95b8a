package io.jobwatch.registry;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /queue/summary} on two nodes: counts computed on the members, masked per caller. */
class QueueSummaryHttpTest {

  @Test
  void verifiesCountsAgainstTheListAndMaskingForAUserWithPartialRights() {
    try (TestCluster cluster = TestCluster.start(2)) {
      Api admin = cluster.api(0).asAdmin();
      admin.post("/users", new JsonObject().put("name", "alice").put("password", "alice-password")
          .put("roles", new JsonArray().add("user")));
      Api alice = cluster.api(1).as("alice", "alice-password");
      for (int i = 0; i < 3; i++) {
        admin.createJob("reports.a");
      }
      String b1 = admin.createJob("reports.b").getString("jobId");
      String b2 = admin.createJob("reports.b").getString("jobId");
      admin.event(b1, "request_start_job");
      admin.event(b2, "request_start_job");
      admin.event(b2, "request_kill_job");
      String done = admin.createJob("reports.done").getString("jobId");
      admin.event(done, "request_start_job");
      admin.event(done, "complete_job");
      alice.createJob("alice.x");
      alice.createJob("alice.x");

      JsonObject all = cluster.api(1).asAdmin().get("/queue/summary").json();
      assertTrue(all.getString("created").endsWith("Z"));
      Map<String, Long> rows = rows(all.getJsonArray("data"));
      assertEquals(Map.of(
          "alice.x/pending/-", 2L,
          "reports.a/pending/-", 3L,
          "reports.b/running/-", 1L,
          "reports.b/running/kill", 1L), rows);
      long listed = admin.get("/jobs?filter=active&per_page=1000").json().getLong("total_count");
      assertEquals(listed, rows.values().stream().mapToLong(Long::longValue).sum(), "the summary agrees with the list");

      Map<String, Long> masked = rows(alice.get("/queue/summary").json().getJsonArray("data"));
      assertEquals(Map.of(
          "alice.x/pending/-", 2L,
          "UnauthorizedJob/pending/-", 3L,
          "UnauthorizedJob/running/-", 1L,
          "UnauthorizedJob/running/kill", 1L), masked);
    }
  }

  @Test
  void verifiesThatTheSummaryAgreesWithTheListAfterEachBurstOfConcurrentChanges() {
    try (TestCluster cluster = TestCluster.start(2)) {
      Api a = cluster.api(0).asAdmin();
      Api b = cluster.api(1).asAdmin();
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add((i % 2 == 0 ? a : b).createJob("burst." + (i % 4)).getString("jobId"));
      }
      String[] steps = {"request_start_job", "request_kill_job", "defer_job", "complete_job"};
      for (String step : steps) {
        java.util.List<io.vertx.core.Future<Api.Response>> burst = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
          if (i % 3 != 0) {
            burst.add((i % 2 == 0 ? a : b).postAsync("/jobs/" + ids.get(i) + "/events", new JsonObject().put("name", step)));
          }
        }
        io.vertx.core.Future.join(burst).otherwiseEmpty().await();
        long listed = a.get("/jobs?filter=active&per_page=1000").json().getLong("total_count");
        long summed = rows(b.get("/queue/summary").json().getJsonArray("data")).values().stream()
            .mapToLong(Long::longValue).sum();
        assertEquals(listed, summed, "after " + step);
      }
    }
  }

  /** name/state/flags -> n; fails on two rows with the same key. */
  private static Map<String, Long> rows(JsonArray data) {
    Map<String, Long> out = new HashMap<>();
    Set<String> keys = new HashSet<>();
    for (Object o : data) {
      JsonObject r = (JsonObject) o;
      String flags = (r.getBoolean("killRequested") ? "kill" : "") + (r.getBoolean("removeRequested") ? "remove" : "")
          + (r.getBoolean("zombie") ? "zombie" : "") + (r.getBoolean("nonstop") ? "nonstop" : "");
      String key = r.getString("name") + "/" + r.getString("state") + "/" + (flags.isEmpty() ? "-" : flags);
      assertTrue(keys.add(key), "rows are merged, never repeated: " + key);
      out.put(key, r.getLong("n"));
    }
    return out;
  }
}
