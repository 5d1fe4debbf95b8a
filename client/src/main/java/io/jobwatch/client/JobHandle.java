package io.jobwatch.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The worker side of one job: lifecycle events, progress, run-log lines, lease renewal, and the
 * messages and kill requests that come to it. Every change goes with an {@code opId} and every
 * append with {@code after} (this handle keeps the line count), so what the client sends again
 * after losing a node is applied once.
 */
public final class JobHandle {
  /** Lines sent in one append at most (the server's default batch limit). */
  private static final int BATCH = 1000;

  private final JobwatchClient client;
  private final String jobId;
  private int attempt;
  private int lastLine;
  /** Appends go one after another, so each names the line before it. */
  private Future<Integer> lastAppend = Future.succeededFuture(0);
  private Handler<JsonObject> killRequested;
  private boolean killSeen;
  private JobFollow messages;

  JobHandle(JobwatchClient client, String jobId) {
    this.client = client;
    this.jobId = jobId;
  }

  public String jobId() {
    return jobId;
  }

  /** The current attempt, as far as this handle knows. */
  public int attempt() {
    return attempt;
  }

  /** The last line of the current attempt written through this handle. */
  public int lastLine() {
    return lastLine;
  }

  /** Claims the job and starts it ({@code request_start_job}, then {@code start_job}). */
  public Future<JsonObject> start() {
    return event("request_start_job").compose(job -> event("start_job"));
  }

  /** SETSTATUS: progress in percent (null: unchanged) and a description (null: unchanged). */
  public Future<JsonObject> status(Integer percent, String desc) {
    return status(percent, desc, null);
  }

  /** SETSTATUS that also renews the lease: {@code reservedUntil} = now + {@code reserveForSeconds}. */
  public Future<JsonObject> status(Integer percent, String desc, Integer reserveForSeconds) {
    JsonObject body = new JsonObject();
    if (percent != null) {
      body.put("percent", percent);
    }
    if (desc != null) {
      body.put("desc", desc);
    }
    if (reserveForSeconds != null) {
      body.put("reserve_for", reserveForSeconds);
    }
    return client.change("POST", "/jobs/" + jobId + "/status", body).onSuccess(this::seen);
  }

  /** Renews the lease only. */
  public Future<JsonObject> renewLease(int seconds) {
    return status(null, null, seconds);
  }

  /** Appends lines to the run log, after the last line written; answers the new last line. */
  public Future<Integer> log(String... lines) {
    List<String> all = Arrays.asList(lines);
    Future<Integer> chained = lastAppend.transform(x -> appendFrom(all, 0));
    lastAppend = chained;
    return chained;
  }

  private Future<Integer> appendFrom(List<String> lines, int from) {
    if (from >= lines.size()) {
      return Future.succeededFuture(lastLine);
    }
    List<String> batch = new ArrayList<>(lines.subList(from, Math.min(lines.size(), from + BATCH)));
    int after = lastLine;
    JsonObject body = new JsonObject().put("lines", new JsonArray(batch)).put("after", after);
    return client.change("POST", "/jobs/" + jobId + "/runlog", body).recover(t -> {
      // Sent again after a lost reply: the batch is there already if the log ends right after it.
      if (t instanceof JobwatchException e && "line_conflict".equals(e.code())
          && e.body().getInteger("lastLine", -1) == after + batch.size()) {
        return Future.succeededFuture(new JsonObject().put("lastLine", after + batch.size()).put("attempt", attempt));
      }
      return Future.failedFuture(t);
    }).compose(answer -> {
      lastLine = answer.getInteger("lastLine");
      return appendFrom(lines, from + batch.size());
    });
  }

  /** Any event of the job (PROTOCOL.md §1). */
  public Future<JsonObject> event(String name) {
    return event(name, null, null, null);
  }

  public Future<JsonObject> event(String name, String reason, Object result, Object error) {
    JsonObject body = new JsonObject().put("name", name);
    if (reason != null) {
      body.put("reason", reason);
    }
    if (result != null) {
      body.put("result", result);
    }
    if (error != null) {
      body.put("error", error);
    }
    return client.change("POST", "/jobs/" + jobId + "/events", body).onSuccess(this::seen);
  }

  /** The job ended well ({@code complete_job}). */
  public Future<JsonObject> complete(Object result) {
    return event("complete_job", null, result, null);
  }

  /** The run failed ({@code failed_job}): retried while attempts remain. */
  public Future<JsonObject> fail(Object error) {
    return event("failed_job", null, null, error);
  }

  /** Sends an APP_MESSAGE from the job. */
  public Future<String> message(JsonObject data) {
    return client.once("POST", "/jobs/" + jobId + "/messages", new JsonObject().put("data", data))
        .map(m -> m.getString("messageId"));
  }

  /**
   * Takes the APP_MESSAGEs of the job: each is acknowledged when the handler's future succeeds
   * (a failed one is sent again on the next subscribe). Follows the job from its current line.
   */
  public Future<Void> onMessage(Function<JsonObject, Future<Void>> handler) {
    return client.follow(jobId, attempt == 0 ? null : attempt, lastLine, new JobFollow.Listener() {
      @Override
      public void status(JsonObject job) {
        seen(job);
      }

      @Override
      public void message(String messageId, JsonObject data) {
        handler.apply(data).onSuccess(v -> client.send(new JsonObject().put("type", "ack").put("jobId", jobId)
            .put("messageId", messageId)));
      }
    }).map(follow -> {
      messages = follow;
      return null;
    });
  }

  /** Called once when the job gets a kill request (seen in any reply or, with {@link #onMessage}, pushed). */
  public JobHandle onKillRequested(Handler<JsonObject> handler) {
    this.killRequested = handler;
    return this;
  }

  /** Stops taking messages. */
  public void close() {
    if (messages != null) {
      messages.close();
    }
  }

  private void seen(JsonObject job) {
    if (job.getInteger("attempt") != null && job.getInteger("attempt") > attempt) {
      attempt = job.getInteger("attempt");
      lastLine = job.getJsonObject("runLog", new JsonObject()).getInteger("lines", 0);
    }
    JsonObject flags = job.getJsonObject("flags");
    if (flags != null && flags.getBoolean("killRequested", false) && !killSeen && killRequested != null) {
      killSeen = true;
      killRequested.handle(job);
    }
  }
}
