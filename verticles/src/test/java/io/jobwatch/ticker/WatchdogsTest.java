package io.jobwatch.ticker;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub's events: each raised once when due, cleared where the contract says, visible on the job. */
@JobwatchCluster(nodes = 2, env = {"JOBWATCH_APP_MESSAGE_TIMEOUT=2"})
class WatchdogsTest {
  private static TestCluster cluster;
  private static Api admin;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(0).asAdmin();
  }

  private static long count(String jobId, String event) {
    JsonArray events = admin.get("/jobs/" + jobId + "/events").json().getJsonArray("events");
    return events.stream().filter(e -> event.equals(((JsonObject) e).getString("name"))).count();
  }

  @Test
  void verifiesThatAZombieIsFlaggedOncePerExpiryAndAReportClearsIt() {
    String id = admin.createJob("dog.zombie").getString("jobId");
    admin.event(id, "request_start_job");
    admin.post("/jobs/" + id + "/status", new JsonObject().put("percent", 1).put("reserve_for", 1));
    await().atMost(10, SECONDS).until(() -> admin.job(id).getJsonObject("flags").getBoolean("zombie"));
    await().during(2500, MILLISECONDS).atMost(5, SECONDS).until(() -> count(id, "flag_zombie") == 1);
    JsonObject reported = admin.post("/jobs/" + id + "/status", new JsonObject().put("percent", 2).put("reserve_for", 1)).json();
    assertFalse(reported.getJsonObject("flags").getBoolean("zombie"), "a report clears the flag");
    await().atMost(10, SECONDS).until(() -> count(id, "flag_zombie") == 2);
    JsonObject event = admin.get("/jobs/" + id + "/events").json().getJsonArray("events").stream()
        .map(JsonObject.class::cast).filter(e -> "flag_zombie".equals(e.getString("name"))).findFirst().orElseThrow();
    assertEquals("hub", event.getString("author"));
  }

  @Test
  void verifiesThatAJobPastItsWallTimeLimitIsFlaggedNonstopOnce() {
    String id = admin.createJob(new JsonObject().put("name", "dog.nonstop").put("wallTimeLimit", 1)).getString("jobId");
    admin.event(id, "request_start_job");
    admin.event(id, "start_job");
    await().atMost(10, SECONDS).until(() -> admin.job(id).getJsonObject("flags").getBoolean("nonstop"));
    await().during(2500, MILLISECONDS).atMost(5, SECONDS).until(() -> count(id, "flag_nonstop") == 1);
    assertEquals("running", admin.job(id).getString("state"));
  }

  @Test
  void verifiesThatAnUnacknowledgedAppMessageRequestsAKillOnce() {
    String id = admin.createJob(new JsonObject().put("name", "dog.callbacks").put("callbacks", true)).getString("jobId");
    admin.event(id, "request_start_job");
    assertEquals(202, admin.post("/jobs/" + id + "/messages", new JsonObject().put("data", new JsonObject())).status());
    await().atMost(10, SECONDS).until(() -> admin.job(id).getJsonObject("flags").getBoolean("killRequested"));
    await().during(2500, MILLISECONDS).atMost(5, SECONDS).until(() -> count(id, "request_kill_job") == 1);
    JsonObject event = admin.get("/jobs/" + id + "/events").json().getJsonArray("events").stream()
        .map(JsonObject.class::cast).filter(e -> "request_kill_job".equals(e.getString("name"))).findFirst().orElseThrow();
    assertEquals("app_message_timeout", event.getString("reason"));
    assertTrue(admin.job(id).getJsonObject("flags").getBoolean("killRequested"));
  }
}
