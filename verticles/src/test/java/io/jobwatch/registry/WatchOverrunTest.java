package io.jobwatch.registry;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A watch cursor older than the kept history still misses no change: the answer falls back to a scan. */
@JobwatchCluster(env = {"JOBWATCH_HISTORY_CAPACITY=20"})
class WatchOverrunTest {

  @Test
  void verifiesThatAnOverwrittenCursorStillAnswersEveryChangedJob(TestCluster cluster) {
    Api admin = cluster.api(0).asAdmin();
    String cursor = admin.get("/jobs/watch").json().getString("cursor");
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      created.add(admin.createJob("overrun.job").getString("jobId"));
    }
    JsonObject answer = admin.get("/jobs/watch?cursor=" + cursor).json();
    Set<String> seen = new HashSet<>();
    JsonArray result = answer.getJsonArray("result");
    result.forEach(o -> seen.add(((JsonObject) o).getString("jobId")));
    assertEquals(created, seen, "all 30 jobs, though only 20 events are kept");
    String next = answer.getString("cursor");
    String later = admin.createJob("overrun.later").getString("jobId");
    JsonArray after = admin.get("/jobs/watch?cursor=" + next).json().getJsonArray("result");
    assertEquals(1, after.size());
    assertEquals(later, after.getJsonObject(0).getString("jobId"));
    assertTrue(admin.get("/jobs/watch?cursor=" + admin.get("/jobs/watch").json().getString("cursor"))
        .json().getJsonArray("result").isEmpty());
  }
}
