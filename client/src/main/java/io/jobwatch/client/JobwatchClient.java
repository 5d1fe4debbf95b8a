package io.jobwatch.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A client of a Jobwatch cluster (PROTOCOL.md), for workers and for people's tools.
 *
 * <pre>{@code
 * JobwatchClient client = JobwatchClient.connect(vertx,
 *     ClientOptions.nodes("http://10.0.0.5:8080", "http://10.0.0.6:8080").login("worker-7", password)).await();
 * JobHandle job = client.worker(client.submit("reports.Nightly").await().getString("jobId"));
 * job.start().await();
 * job.status(10, "Loading").await();
 * job.log("read 1200 rows", "wrote 3 files").await();
 * job.complete(null).await();
 * }</pre>
 *
 * <p>Requests go over the WebSocket's worker channel (or HTTP, see {@link ClientOptions#workerChannel}).
 * When a node fails the client moves to another one and resumes: follows continue after their
 * last line, the queue after its last offset, and requests under way are sent again where that is
 * safe (reads; changes, which the client always sends with an {@code opId}; run-log appends, sent
 * with {@code after}). Futures complete on the client's Vert.x context; from a plain thread, use
 * {@code await()}.
 */
public final class JobwatchClient implements AutoCloseable {
  private final Vertx vertx;
  private final Context context;
  private final Connection connection;
  private final Map<String, JobFollow> follows = new HashMap<>();
  private QueueFollow queue;

  private JobwatchClient(Vertx vertx, Context context, Connection connection) {
    this.vertx = vertx;
    this.context = context;
    this.connection = connection;
  }

  /** Connects to the first node of {@code options} that answers (and logs in); fails when none does. */
  public static Future<JobwatchClient> connect(Vertx vertx, ClientOptions options) {
    Context context = vertx.getOrCreateContext();
    Promise<JobwatchClient> connected = Promise.promise();
    context.runOnContext(v -> {
      Connection connection = new Connection(vertx, context, options);
      JobwatchClient client = new JobwatchClient(vertx, context, connection);
      connection.listeners(client::onPush, client::resume);
      connection.start().onSuccess(x -> connected.complete(client)).onFailure(t -> {
        connection.close();
        connected.fail(t);
      });
    });
    return connected.future();
  }

  /** The base URL of the node in use. */
  public String node() {
    return connection.node();
  }

  /** The token in use (from the login, or the one given). */
  public String token() {
    return connection.token();
  }

  /** When the token in use expires, in epoch milliseconds ({@code Long.MAX_VALUE}: not known). */
  public long tokenExpiresAt() {
    return connection.tokenExpiresAt();
  }

  /**
   * Any API request (PROTOCOL.md §2), answered with its status and body whatever they are;
   * {@code path} is relative to {@code /api/v1} and may carry a query string.
   */
  public Future<Reply> request(String method, String path, Object body) {
    return onContext(() -> connection.call(method, path, body, safeToResend(method, path, body)));
  }

  /** Submits a job ({@code enqueue_job}): its JSON, or a {@link JobwatchException}. */
  public Future<JsonObject> submit(String name) {
    return submit(new JsonObject().put("name", name));
  }

  /** Submits a job from a full spec ({@code name}, {@code jobId}, {@code args}, ...). */
  public Future<JsonObject> submit(JsonObject spec) {
    return change("POST", "/jobs", spec.copy());
  }

  /** The job as it is now. */
  public Future<JsonObject> job(String jobId) {
    return read("/jobs/" + jobId);
  }

  /** A page of the job list, e.g. {@code jobs("filter=active&sort=-updated")}. */
  public Future<JsonObject> jobs(String query) {
    return read("/jobs" + (query == null || query.isEmpty() ? "" : "?" + query));
  }

  /** Sends an event to a job (e.g. {@code request_kill_job}). */
  public Future<JsonObject> event(String jobId, String name, String reason) {
    JsonObject body = new JsonObject().put("name", name);
    if (reason != null) {
      body.put("reason", reason);
    }
    return change("POST", "/jobs/" + jobId + "/events", body);
  }

  /** The worker side of a job: reports, log lines, messages, kill requests. */
  public JobHandle worker(String jobId) {
    return new JobHandle(this, jobId);
  }

  /** Follows a job from {@code lastLine} of {@code attempt} (null: its current attempt from line 1). */
  public Future<JobFollow> follow(String jobId, Integer attempt, int lastLine, JobFollow.Listener listener) {
    return onContext(() -> {
      JobFollow follow = new JobFollow(this, jobId, attempt, lastLine, listener);
      JobFollow before = follows.put(jobId, follow);
      if (before != null) {
        before.stopped();
      }
      follow.subscribe();
      return Future.succeededFuture(follow);
    });
  }

  /**
   * Follows the queue channel from after {@code since} (null: from now on); completes once a node
   * has answered, so every event after that moment is heard.
   */
  public Future<QueueFollow> queue(Long since, QueueFollow.Listener listener) {
    return onContext(() -> {
      if (queue != null) {
        queue.stopped();
      }
      queue = new QueueFollow(this, since, listener);
      queue.interest();
      return queue.started();
    });
  }

  @Override
  public void close() {
    context.runOnContext(v -> connection.close());
  }

  // ---- for the handles

  Future<JsonObject> read(String path) {
    return onContext(() -> connection.call("GET", path, null, true)).map(Reply::orThrow);
  }

  /** A change, sent with an opId so that sending it again (after a failover) applies it once. */
  Future<JsonObject> change(String method, String path, JsonObject body) {
    if (!body.containsKey("opId")) {
      body.put("opId", UUID.randomUUID().toString());
    }
    return onContext(() -> connection.call(method, path, body, true)).map(Reply::orThrow);
  }

  /** A request that must not be sent twice (an APP_MESSAGE): fails if the connection is lost under it. */
  Future<JsonObject> once(String method, String path, JsonObject body) {
    return onContext(() -> connection.call(method, path, body, false)).map(Reply::orThrow);
  }

  void send(JsonObject message) {
    context.runOnContext(v -> connection.send(message));
  }

  void unfollow(String jobId, JobFollow follow) {
    context.runOnContext(v -> {
      if (follows.get(jobId) == follow) {
        follows.remove(jobId);
        connection.send(new JsonObject().put("type", "unsubscribe").put("jobIds", new JsonArray().add(jobId)));
      }
    });
  }

  void unqueue(QueueFollow follow) {
    context.runOnContext(v -> {
      if (queue == follow) {
        queue = null;
        connection.send(new JsonObject().put("type", "interest").put("data", new JsonArray()));
      }
    });
  }

  Vertx vertx() {
    return vertx;
  }

  // ---- pushed messages and resumes

  private void onPush(JsonObject m) {
    String type = m.getString("type", "");
    switch (type) {
      case "interest", "event", "events" -> {
        if (queue != null) {
          queue.onMessage(m);
        }
      }
      case "CURRENT_JOB_STATUS", "RUNLOG_UPDATED", "JOB_STATUS_UPDATED", "APP_MESSAGE" -> {
        JobFollow follow = follows.get(m.getString("jobId"));
        if (follow != null) {
          follow.onMessage(m);
        }
      }
      case "error" -> {
        JobFollow follow = m.getString("jobId") == null ? null : follows.get(m.getString("jobId"));
        if (follow != null) {
          follows.remove(m.getString("jobId"));
          follow.onError(m);
        }
      }
      default -> {
      }
    }
  }

  /** After a (re)connection: every stream asks again from where it stands. */
  private void resume() {
    for (JobFollow follow : List.copyOf(follows.values())) {
      follow.subscribe();
    }
    if (queue != null) {
      queue.interest();
    }
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  /** Reads, and changes that carry an opId or (appends) an after, may be sent twice. */
  private static boolean safeToResend(String method, String path, Object body) {
    if (!"POST".equals(method)) {
      return true;
    }
    return body instanceof JsonObject o && (o.containsKey("opId")
        || (path.endsWith("/runlog") && o.getValue("after") instanceof Number));
  }
}
