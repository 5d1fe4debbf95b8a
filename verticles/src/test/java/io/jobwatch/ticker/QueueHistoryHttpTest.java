package io.jobwatch.ticker;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /queue/history}: snapshots only on change, newest first, paged, bounded, and only for those allowed. */
@JobwatchCluster(env = {"JOBWATCH_QUEUE_SNAPSHOTS=4"})
class QueueHistoryHttpTest {

  @Test
  void verifiesSnapshotsOnChangeNewestFirstPagedBoundedAndPermitted(TestCluster cluster) {
    Api admin = cluster.api(0).asAdmin();
    await().atMost(10, SECONDS).until(() -> admin.get("/queue/history").json().getLong("total_count") >= 1);
    JsonObject first = newest(admin);
    assertEquals(0L, first.getLong("total"));
    assertNull(first.getValue("pending"), "states with zero are left out");

    String id = admin.createJob("history.job").getString("jobId");
    await().atMost(10, SECONDS).until(() -> newest(admin).getLong("total") == 1L);
    assertEquals(1L, newest(admin).getLong("pending"));
    long count = admin.get("/queue/history").json().getLong("total_count");
    await().during(2500, MILLISECONDS).atMost(5, SECONDS)
        .until(() -> admin.get("/queue/history").json().getLong("total_count") == count);

    admin.event(id, "request_start_job");
    await().atMost(10, SECONDS).until(() -> Long.valueOf(1).equals(newest(admin).getLong("running")));
    for (int i = 0; i < 3; i++) {
      admin.createJob("history.more");
      long expected = 2 + i;
      await().atMost(10, SECONDS).until(() -> newest(admin).getLong("total") == expected);
    }
    JsonObject all = admin.get("/queue/history?per_page=10").json();
    assertEquals(4L, all.getLong("total_count"), "only the newest 4 are kept");
    JsonArray data = all.getJsonArray("data");
    for (int i = 1; i < data.size(); i++) {
      assertTrue(created(data.getJsonObject(i - 1)) > created(data.getJsonObject(i)), "newest first");
    }
    JsonObject page0 = admin.get("/queue/history?per_page=3&page=0").json();
    JsonObject page1 = admin.get("/queue/history?per_page=3&page=1").json();
    assertEquals(2, page0.getInteger("page_count"));
    assertEquals(3, page0.getInteger("count"));
    assertEquals(1, page1.getInteger("count"));
    assertEquals(data.getJsonObject(3), page1.getJsonArray("data").getJsonObject(0));

    admin.post("/users", new JsonObject().put("name", "alice").put("password", "alice-password")
        .put("roles", new JsonArray().add("user")));
    admin.post("/users", new JsonObject().put("name", "olga").put("password", "olga-password")
        .put("perms", new JsonArray().add("queue:history")));
    assertEquals(403, cluster.api(0).as("alice", "alice-password").get("/queue/history").status());
    assertEquals(200, cluster.api(0).as("olga", "olga-password").get("/queue/history").status());
  }

  private static JsonObject newest(Api admin) {
    return admin.get("/queue/history?per_page=1").json().getJsonArray("data").getJsonObject(0);
  }

  private static long created(JsonObject snapshot) {
    return Instant.parse(snapshot.getString("created")).toEpochMilli();
  }
}
