package io.jobwatch.shared.json;

import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobFlags;
import io.jobwatch.shared.model.JobState;
import io.jobwatch.shared.model.RunLogInfo;
import io.jobwatch.shared.protocol.ApiError;
import io.jobwatch.shared.protocol.QueueEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pins the JSON the contract names (PROTOCOL.md §1-§3), field by field. */
class WireFormatTest {

  static Job sample() {
    Job j = new Job();
    j.jobId = "18b2c77c-bbf76547-0d313ad7-ed74ace8";
    j.name = "reports.Nightly";
    j.owner = "alice";
    j.state = JobState.RUNNING;
    j.percent = 12;
    j.desc = "Calculating...";
    j.attempt = 1;
    j.maxAttempts = 3;
    j.seq = 7;
    j.queued = 1_795_412_058_123L;
    j.started = 1_795_412_059_000L;
    j.updated = 1_795_412_060_001L;
    j.reservedUntil = 1_795_412_120_000L;
    j.wallTimeLimit = 3600;
    j.flags = new JobFlags(false, true, false, true);
    j.runLog = new RunLogInfo(1, 69);
    j.custom = Map.of("team", "finance");
    j.attemptsBeforeRestart = 4;
    return j;
  }

  @Test
  void verifiesThatAJobHasTheContractsFieldsInTheContractsFormats() {
    JsonObject json = new JsonObject(Json.string(sample()));
    assertEquals(List.of("jobId", "name", "owner", "state", "percent", "desc", "attempt", "maxAttempts", "seq",
        "queued", "started", "finished", "updated", "reservedUntil", "wallTimeLimit", "flags", "runLog", "callbacks",
        "args", "custom", "result", "error", "runLogUrl", "eventsUrl"), List.copyOf(json.fieldNames()));
    assertEquals("running", json.getString("state"));
    assertEquals("2026-11-23T05:34:18.123Z", json.getString("queued"));
    assertEquals(null, json.getValue("finished"));
    assertEquals(new JsonObject().put("zombie", false).put("nonstop", true).put("killRequested", false)
        .put("removeRequested", true), json.getJsonObject("flags"));
    assertEquals(new JsonObject().put("attempt", 1).put("lines", 69), json.getJsonObject("runLog"));
    assertEquals("/api/v1/jobs/18b2c77c-bbf76547-0d313ad7-ed74ace8/runlog", json.getString("runLogUrl"));
    assertEquals("/api/v1/jobs/18b2c77c-bbf76547-0d313ad7-ed74ace8/events", json.getString("eventsUrl"));
  }

  @Test
  void verifiesTheErrorBodies() {
    assertEquals(new JsonObject().put("error", "unknown_job").put("message", "no such job: x").put("state", "unknown"),
        ApiError.unknownJob("x").toJson());
    JsonObject conflict = ApiError.invalidTransition("pending", "complete_job").toJson();
    assertEquals("invalid_transition", conflict.getString("error"));
    assertEquals("pending", conflict.getString("from"));
    assertEquals("complete_job", conflict.getString("event"));
    assertEquals(12, ApiError.lineConflict(12, 10).toJson().getInteger("lastLine"));
  }

  @Test
  void verifiesTheQueueChannelEvent() {
    Job job = sample();
    JsonObject wire = QueueEvent.of("progress", job.updated, "wendy", job, Json.bytes(job), false).toWire(42);
    assertEquals(new JsonObject().put("type", "event").put("offset", 42L).put("channel", "queue").put("name", "progress")
        .put("created", "2026-11-23T05:34:20.001Z").put("author", "wendy")
        .put("data", new JsonObject().put("jobId", job.jobId).put("name", "reports.Nightly").put("state", "running")
            .put("seq", 7L).put("attempt", 1)), wire);
  }
}
