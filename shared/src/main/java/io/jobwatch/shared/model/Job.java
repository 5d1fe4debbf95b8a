package io.jobwatch.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.jobwatch.shared.json.IsoMillisSerializer;

import java.util.Map;

/**
 * The job record of PROTOCOL.md §1. Times are epoch milliseconds here and ISO-8601 on the wire.
 * A Job is treated as a value: the registry copies it before a change, so a reader never sees
 * half of one.
 */
@JsonPropertyOrder({"jobId", "name", "owner", "state", "percent", "desc", "attempt", "maxAttempts", "seq",
    "queued", "started", "finished", "updated", "reservedUntil", "wallTimeLimit", "flags", "runLog",
    "callbacks", "args", "custom", "result", "error", "runLogUrl", "eventsUrl"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public final class Job {

  public String jobId;
  public String name;
  public String owner;
  public JobState state;
  public int percent;
  public String desc;
  public int attempt;
  public int maxAttempts = 1;
  public long seq;
  @JsonSerialize(using = IsoMillisSerializer.class) public Long queued;
  @JsonSerialize(using = IsoMillisSerializer.class) public Long started;
  @JsonSerialize(using = IsoMillisSerializer.class) public Long finished;
  @JsonSerialize(using = IsoMillisSerializer.class) public Long updated;
  @JsonSerialize(using = IsoMillisSerializer.class) public Long reservedUntil;
  public Integer wallTimeLimit;
  public JobFlags flags = JobFlags.NONE;
  public RunLogInfo runLog = new RunLogInfo(0, 0);
  public boolean callbacks;
  public Object args;
  public Map<String, Object> custom;
  public Object result;
  public Object error;
  /** Attempts made before the last restart; "attempts remain" counts from here. */
  @JsonIgnore public int attemptsBeforeRestart;

  public Job copy() {
    Job j = new Job();
    j.jobId = jobId;
    j.name = name;
    j.owner = owner;
    j.state = state;
    j.percent = percent;
    j.desc = desc;
    j.attempt = attempt;
    j.maxAttempts = maxAttempts;
    j.seq = seq;
    j.queued = queued;
    j.started = started;
    j.finished = finished;
    j.updated = updated;
    j.reservedUntil = reservedUntil;
    j.wallTimeLimit = wallTimeLimit;
    j.flags = flags;
    j.runLog = runLog;
    j.callbacks = callbacks;
    j.args = args;
    j.custom = custom;
    j.result = result;
    j.error = error;
    j.attemptsBeforeRestart = attemptsBeforeRestart;
    return j;
  }

  @JsonProperty("runLogUrl")
  public String runLogUrl() {
    return "/api/v1/jobs/" + jobId + "/runlog";
  }

  @JsonProperty("eventsUrl")
  public String eventsUrl() {
    return "/api/v1/jobs/" + jobId + "/events";
  }

  /** Used by Hazelcast predicates and indexes (attribute {@code job.stateName}). */
  @JsonIgnore
  public String getStateName() {
    return state.wire();
  }
}
