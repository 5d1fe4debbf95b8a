package io.jobwatch.http;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error code of PROTOCOL.md §2 provoked over HTTP; after each refusal the job is exactly as before. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@JobwatchCluster(env = {
    "JOBWATCH_MAX_JOBS=" + ErrorCodesHttpTest.MAX_JOBS,
    "JOBWATCH_MAX_BODY_BYTES=4096",
    "JOBWATCH_MAX_LINE_CHARS=50",
    "JOBWATCH_MAX_LINES_PER_BATCH=5",
    "JOBWATCH_MAX_LINES_PER_ATTEMPT=12",
    "JOBWATCH_RATE_LIMIT=300",
    "JOBWATCH_LOGIN_FAILURES_PER_MINUTE=5"}, users = {"alice:alice-password:user"})
class ErrorCodesHttpTest {
  static final int MAX_JOBS = 60;
  private static TestCluster cluster;
  private static Api admin;
  private static Api alice;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(0).asAdmin();
    alice = cluster.api(0).as("alice", "alice-password");
  }

  private static String runningJob() {
    String id = admin.createJob("errors.job").getString("jobId");
    admin.event(id, "request_start_job");
    admin.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", new JsonArray().add("first")));
    return id;
  }

  /** Sends the request and checks status, code and that the job did not change. */
  private static Api.Response refused(String id, int status, String code, Api.Response r) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.error(), r.toString());
    assertTrue(r.json().getString("message") != null && !r.json().getString("message").isEmpty());
    return r;
  }

  private static void unchanged(String id, JsonObject before) {
    assertEquals(before, admin.job(id), "a refused request changed nothing");
    assertEquals(1, admin.get("/jobs/" + id + "/runlog").json().getInteger("lastLine"));
  }

  @Test
  @Order(1)
  void verifiesBadRequestsForMalformedMissingMistypedAndOutOfRangeInput() {
    String id = runningJob();
    JsonObject before = admin.job(id);
    String status = "/jobs/" + id + "/status";
    refused(id, 400, "bad_request", admin.postRaw(status, Buffer.buffer("{\"percent\": 1")));
    refused(id, 400, "bad_request", admin.postRaw(status, Buffer.buffer("[1, 2]")));
    refused(id, 400, "bad_request", admin.post(status, new JsonObject().put("percent", "abc")));
    refused(id, 400, "bad_request", admin.post(status, new JsonObject().put("percent", 101)));
    refused(id, 400, "bad_request", admin.post(status, new JsonObject().put("percent", -1)));
    refused(id, 400, "bad_request", admin.post(status, new JsonObject().put("percent", 12.5)));
    refused(id, 400, "bad_request", admin.post(status, new JsonObject().put("desc", 5)));
    refused(id, 400, "bad_request", admin.post(status, new JsonObject().put("reserve_for", -3)));
    refused(id, 400, "bad_request", admin.post("/jobs/" + id + "/events", new JsonObject().put("name", "fly")));
    refused(id, 400, "bad_request", admin.post("/jobs/" + id + "/events", new JsonObject()));
    refused(id, 400, "bad_request", admin.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", "x")));
    refused(id, 400, "bad_request", admin.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", new JsonArray())));
    refused(id, 400, "bad_request", admin.post("/jobs/" + id + "/runlog",
        new JsonObject().put("lines", new JsonArray().add("ok").add(3))));
    refused(id, 400, "bad_request", admin.post("/jobs/" + id + "/runlog",
        new JsonObject().put("lines", new JsonArray().add("ok")).put("after", -1)));
    refused(id, 400, "bad_request", admin.post("/jobs/" + id + "/messages", new JsonObject().put("data", "text")));
    unchanged(id, before);

    refused(id, 400, "bad_request", admin.post("/jobs", new JsonObject()));
    refused(id, 400, "bad_request", admin.post("/jobs", new JsonObject().put("name", 7)));
    refused(id, 400, "bad_request", admin.post("/jobs", new JsonObject().put("name", "n").put("maxAttempts", 0)));
    refused(id, 400, "bad_request", admin.post("/jobs", new JsonObject().put("name", "n").put("jobId", "a b")));
    refused(id, 400, "bad_request", admin.post("/jobs", new JsonObject().put("name", "n").put("callbacks", "yes")));
    refused(id, 400, "bad_request", admin.post("/jobs", new JsonObject().put("name", "n").put("custom", List.of(1))));
    for (String query : List.of("filter=bogus", "state=bogus", "sort=owner", "per_page=0", "page=-1", "per_page=x")) {
      refused(id, 400, "bad_request", admin.get("/jobs?" + query));
    }
    refused(id, 400, "bad_request", admin.get("/jobs/watch?wait=61"));
    refused(id, 400, "bad_request", admin.get("/jobs/" + id + "/runlog?limit=0"));
  }

  @Test
  @Order(2)
  void verifiesUnknownFieldsAreIgnored() {
    String id = runningJob();
    Api.Response r = admin.post("/jobs/" + id + "/status", new JsonObject().put("percent", 5).put("colour", "blue"));
    assertEquals(200, r.status());
    assertEquals(5, r.json().getInteger("percent"));
  }

  @Test
  @Order(3)
  void verifiesForbiddenAndUnknownJob() {
    String id = runningJob();
    JsonObject before = admin.job(id);
    // alice may submit but is no worker: she cannot report on her own job either.
    String own = alice.createJob("errors.alice").getString("jobId");
    refused(own, 403, "forbidden", alice.event(own, "request_start_job"));
    // admin's job is not hers: it does not exist for her.
    Api.Response hidden = refused(id, 404, "unknown_job", alice.get("/jobs/" + id));
    assertEquals("unknown", hidden.json().getString("state"));
    refused(id, 404, "unknown_job", alice.event(id, "request_kill_job"));
    refused(id, 404, "unknown_job", alice.post("/jobs/" + id + "/status", new JsonObject().put("percent", 9)));
    refused(id, 404, "unknown_job", admin.get("/jobs/no-such-job"));
    refused(id, 404, "unknown_job", admin.get("/jobs/no-such-job/runlog"));
    refused(id, 404, "unknown_job", admin.get("/jobs/no-such-job/events"));
    unchanged(id, before);
  }

  @Test
  @Order(4)
  void verifiesConflicts() {
    String id = runningJob();
    JsonObject before = admin.job(id);
    Api.Response transition = refused(id, 409, "invalid_transition", admin.event(id, "restart_stopped"));
    assertEquals("running", transition.json().getString("from"));
    assertEquals("restart_stopped", transition.json().getString("event"));
    refused(id, 409, "duplicate_job", admin.post("/jobs", new JsonObject().put("name", "again").put("jobId", id)));
    Api.Response line = refused(id, 409, "line_conflict", admin.post("/jobs/" + id + "/runlog",
        new JsonObject().put("lines", new JsonArray().add("x")).put("after", 0)));
    assertEquals(1, line.json().getInteger("lastLine"));
    unchanged(id, before);

    String pending = admin.createJob("errors.pending").getString("jobId");
    JsonObject pendingBefore = admin.job(pending);
    Api.Response progress = refused(pending, 409, "invalid_transition",
        admin.post("/jobs/" + pending + "/status", new JsonObject().put("percent", 3)));
    assertEquals("progress", progress.json().getString("event"));
    Api.Response runlog = refused(pending, 409, "invalid_transition",
        admin.post("/jobs/" + pending + "/runlog", new JsonObject().put("lines", new JsonArray().add("x"))));
    assertEquals("runlog", runlog.json().getString("event"));
    assertEquals(pendingBefore, admin.job(pending));
  }

  @Test
  @Order(5)
  void verifiesTooLargeForBodyLineBatchAndAttempt() {
    String id = runningJob();
    JsonObject before = admin.job(id);
    String runlog = "/jobs/" + id + "/runlog";
    refused(id, 413, "too_large", admin.post("/jobs/" + id + "/status", new JsonObject().put("desc", "x".repeat(5000))));
    refused(id, 413, "too_large", admin.post(runlog, new JsonObject().put("lines", new JsonArray().add("y".repeat(51)))));
    JsonArray six = new JsonArray(List.of("1", "2", "3", "4", "5", "6"));
    refused(id, 413, "too_large", admin.post(runlog, new JsonObject().put("lines", six)));
    unchanged(id, before);
    JsonArray five = new JsonArray(List.of("1", "2", "3", "4", "5"));
    assertEquals(200, admin.post(runlog, new JsonObject().put("lines", five)).status());
    assertEquals(200, admin.post(runlog, new JsonObject().put("lines", five)).status());
    Api.Response full = admin.post(runlog, new JsonObject().put("lines", new JsonArray().add("a").add("b")));
    refused(id, 413, "too_large", full);
    assertTrue(full.json().getString("message").contains("12"), "the limit is in the message");
    assertEquals(11, admin.get(runlog).json().getInteger("lastLine"), "the over-limit batch was refused whole");
  }

  @Test
  @Order(6)
  void verifiesRateLimitsForRequestsAndForFailedLogins() {
    assertEquals(201, admin.post("/users", new JsonObject().put("name", "hasty").put("password", "hasty-password")
        .put("roles", new JsonArray().add("worker"))).status());
    Api hasty = cluster.api(0).as("hasty", "hasty-password");
    List<Future<Api.Response>> burst = new ArrayList<>();
    // 2,000 at once: even a node slowed to 350 requests a second meets more than 300/s plus the burst.
    for (int i = 0; i < 2000; i++) {
      burst.add(hasty.getAsync("/jobs/no-such-job"));
    }
    Future.join(burst).await();
    long limited = burst.stream().filter(f -> f.result().status() == 429).count();
    assertTrue(limited > 0, "2,000 requests at once exceed 300/s");
    Api.Response r = burst.stream().map(Future::result).filter(x -> x.status() == 429).findFirst().orElseThrow();
    assertEquals("rate_limited", r.error());

    Api anonymous = cluster.api(0);
    JsonObject wrong = new JsonObject().put("username", "alice").put("password", "not-her-password");
    for (int i = 0; i < 5; i++) {
      assertEquals(401, anonymous.post("/login", wrong).status());
    }
    Api.Response blocked = anonymous.post("/login", new JsonObject().put("username", "alice").put("password", "alice-password"));
    assertEquals(429, blocked.status(), "after 5 failures even the right password waits");
    assertEquals("rate_limited", blocked.error());
  }

  @Test
  @Order(7)
  void verifiesCapacityRefusesNewJobsInsteadOfEvictingAny() {
    List<String> created = new ArrayList<>();
    // Creates racing for the last places: none gets in beyond the limit.
    List<Future<Api.Response>> burst = new ArrayList<>();
    for (int i = 0; i < MAX_JOBS + 20; i++) {
      burst.add(admin.postAsync("/jobs", new JsonObject().put("name", "errors.race")));
    }
    Future.join(burst).await();
    for (Future<Api.Response> f : burst) {
      Api.Response r = f.result();
      assertTrue(r.status() == 201 || "capacity".equals(r.error()), r.toString());
      if (r.status() == 201) {
        created.add(r.json().getString("jobId"));
      }
    }
    assertTrue(burst.stream().anyMatch(f -> f.result().status() == 503), "more than the limit was asked for");
    assertTrue(cluster.node(0).hazelcast().getMap("jobwatch.jobs").size() <= MAX_JOBS);
    // Whatever room the race left (none, as it is counted on this one node) is filled one at a time.
    Api.Response last = null;
    for (int i = 0; i < MAX_JOBS + 5; i++) {
      last = admin.post("/jobs", new JsonObject().put("name", "errors.fill"));
      if (last.status() != 201) {
        break;
      }
      created.add(last.json().getString("jobId"));
    }
    assertEquals(503, last.status(), last.toString());
    assertEquals("capacity", last.error());
    for (String id : created) {
      assertEquals(200, admin.get("/jobs/" + id).status(), "no job was evicted");
    }
    assertEquals(MAX_JOBS, cluster.node(0).hazelcast().getMap("jobwatch.jobs").size());
  }
}
