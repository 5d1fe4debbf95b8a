package io.jobwatch.http;

import io.jobwatch.shared.model.JobState;
import io.jobwatch.shared.model.TransitionsTest;
import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every (event, from-state) pair of PROTOCOL.md §1 through the real HTTP API of a real node. */
@JobwatchCluster
class StateMachineHttpTest {
  private static TestCluster cluster;
  private static Api admin;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(0).asAdmin();
  }

  /** The events that bring a new job (maxAttempts 2, or 1 for error) into each state. */
  private static final Map<JobState, List<String>> PATHS = Map.of(
      JobState.PENDING, List.of(),
      JobState.RUNNING, List.of("request_start_job"),
      JobState.DEFERRED, List.of("request_start_job", "defer_job"),
      JobState.FAILED, List.of("request_start_job", "failed_job"),
      JobState.COMPLETE, List.of("request_start_job", "complete_job"),
      JobState.ERROR, List.of("request_start_job", "failed_job"),
      JobState.KILLED, List.of("request_kill_job"),
      JobState.INACTIVE, List.of("inactivate_job"));

  private String jobIn(JobState state) {
    JsonObject job = admin.createJob(new JsonObject().put("name", "sm.test")
        .put("maxAttempts", state == JobState.ERROR ? 1 : 2));
    String id = job.getString("jobId");
    for (String step : PATHS.get(state)) {
      assertEquals(200, admin.event(id, step).status(), step);
    }
    assertEquals(state.wire(), admin.job(id).getString("state"));
    return id;
  }

  @Test
  void verifiesEveryEventFromEveryStateAsTheContractTableSays() {
    List<String> wrong = new ArrayList<>();
    int pairs = 0;
    for (Map.Entry<String, Map<String, String>> row : TransitionsTest.TABLE.entrySet()) {
      String event = row.getKey();
      for (JobState from : JobState.values()) {
        pairs++;
        String expected = row.getValue().getOrDefault(from.wire(), TransitionsTest.REFUSED);
        String id = jobIn(from);
        JsonObject before = admin.job(id);
        Api.Response r = admin.event(id, event);
        String problem = check(id, event, from, expected, before, r);
        if (problem != null) {
          wrong.add(event + " from " + from.wire() + ": " + problem);
        }
      }
    }
    assertEquals(17 * 8, pairs);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  private String check(String id, String event, JobState from, String expected, JsonObject before, Api.Response r) {
    if (expected.equals(TransitionsTest.REFUSED)) {
      if (r.status() != 409 || !"invalid_transition".equals(r.error())
          || !from.wire().equals(r.json().getString("from")) || !event.equals(r.json().getString("event"))) {
        return "expected 409 invalid_transition, got " + r;
      }
      return before.equals(admin.job(id)) ? null : "a refused event changed the job";
    }
    if (r.status() != 200) {
      return "expected 200, got " + r;
    }
    if (expected.equals(TransitionsTest.REMOVED)) {
      Api.Response after = admin.get("/jobs/" + id);
      return after.status() == 404 && "unknown".equals(after.json().getString("state"))
          && r.json().getLong("seq").equals(before.getLong("seq")) ? null : "removal answered " + r + ", then " + after;
    }
    JsonObject job = r.json();
    if (!expected.equals(job.getString("state"))) {
      return "expected state " + expected + ", got " + job.getString("state");
    }
    if (job.getLong("seq") != before.getLong("seq") + 1) {
      return "seq " + before.getLong("seq") + " -> " + job.getLong("seq");
    }
    return job.equals(admin.job(id)) ? null : "the answer differs from the stored job";
  }
}
