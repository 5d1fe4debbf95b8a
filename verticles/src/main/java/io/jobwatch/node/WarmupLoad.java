package io.jobwatch.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwatch.shared.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The traffic of a warm start: workers reporting jobs the way real ones do (create, start, status
 * updates, run-log batches with {@code after}, complete), half over HTTP and half over the worker
 * channel, while queue subscribers (single and batched frames) and a follower of every fourth job
 * listen, and a {@link WarmupVisitor} reads and opens short-lived sockets throughout. It talks to
 * the node through the JDK's own HTTP and WebSocket client, not through Netty or Vert.x, so the
 * server's code paths are warmed with the types real traffic brings.
 */
final class WarmupLoad {
  private static final int LANES_PER_TRANSPORT = 32;
  private static final int STEPS = 10;
  private static final int LINES_PER_BATCH = 10;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  /**
   * What the load did: calls answered, events and frames received by the listening sockets, rounds
   * of the {@link WarmupVisitor}.
   */
  record Result(long calls, long frames, long visits) {
  }

  private final URI api;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "jobwatch-warmup-client");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
      .build();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong frames = new AtomicLong();
  private final List<WebSocket> sockets = new ArrayList<>();
  private final AtomicReference<String> recentJob = new AtomicReference<>();
  private String token;
  private long until;

  WarmupLoad(int httpPort) {
    this.api = URI.create("http://127.0.0.1:" + httpPort + "/api/v1");
  }

  /** Runs the load for {@code duration} as the given user; fails on the first answer that is not a success. */
  Result run(String user, String password, Duration duration) throws Exception {
    try {
      JsonNode login = send("POST", "/login", Map.of("username", user, "password", password)).get(30, TimeUnit.SECONDS);
      token = login.get("token").asText();
      for (int i = 0; i < 4; i++) {
        listen("{\"type\":\"interest\",\"data\":[\"queue\"],\"batch\":" + (i % 2 == 0) + "}");
      }
      Outgoing follower = new Outgoing(listen(null));
      ChannelCaller channel = channel();
      until = System.nanoTime() + duration.toNanos();
      WarmupVisitor visitor = new WarmupVisitor(path -> send("GET", path, null), this::openAsync, recentJob::get,
          until);
      List<CompletableFuture<Void>> lanes = new ArrayList<>();
      lanes.add(visitor.run());
      for (int i = 0; i < LANES_PER_TRANSPORT; i++) {
        lanes.add(lane(this::send, follower, i));
        lanes.add(lane(channel::call, follower, i));
      }
      CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get(duration.getSeconds() + 60, TimeUnit.SECONDS);
      return new Result(calls.get(), frames.get(), visitor.visits());
    } finally {
      for (WebSocket socket : sockets) {
        socket.abort();
      }
      executor.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface Caller {
    CompletableFuture<JsonNode> call(String method, String path, Object body);
  }

  /** One worker: job after job until the time is up. */
  private CompletableFuture<Void> lane(Caller caller, Outgoing follower, int lane) {
    if (System.nanoTime() > until) {
      return CompletableFuture.completedFuture(null);
    }
    return caller.call("POST", "/jobs", Map.of("name", "warmup")).thenCompose(job -> {
      String id = job.get("jobId").asText();
      recentJob.set(id);
      if (lane % 4 == 0) {
        follower.send("{\"type\":\"subscribe\",\"subscriptions\":[{\"jobId\":\"" + id + "\"}]}");
      }
      String path = "/jobs/" + id;
      return caller.call("POST", path + "/events", Map.of("name", "request_start_job"))
          .thenCompose(x -> caller.call("POST", path + "/events", Map.of("name", "start_job")))
          .thenCompose(x -> step(caller, path, 0))
          .thenCompose(x -> caller.call("POST", path + "/events", Map.of("name", "complete_job")));
    }).thenCompose(x -> lane(caller, follower, lane));
  }

  /** Two status updates and a run-log batch, {@link #STEPS} times. */
  private CompletableFuture<JsonNode> step(Caller caller, String path, int step) {
    if (step == STEPS) {
      return CompletableFuture.completedFuture(null);
    }
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= LINES_PER_BATCH; i++) {
      lines.add("warm-up line " + (step * LINES_PER_BATCH + i));
    }
    int percent = (step + 1) * 100 / STEPS;
    return caller.call("POST", path + "/status", Map.of("percent", percent - 5, "desc", "step " + step))
        .thenCompose(x -> caller.call("POST", path + "/status", Map.of("percent", percent, "desc", "step " + step)))
        .thenCompose(x -> caller.call("POST", path + "/runlog", Map.of("lines", lines, "after", step * LINES_PER_BATCH)))
        .thenCompose(x -> step(caller, path, step + 1));
  }

  /** An HTTP request ({@code body} null: none); its answer's JSON, or a failure naming the status. */
  private CompletableFuture<JsonNode> send(String method, String path, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(CALL_TIMEOUT);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("content-type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
    }
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
            + new String(response.body(), StandardCharsets.UTF_8));
      }
      calls.incrementAndGet();
      return readTree(response.body());
    });
  }

  /** A socket that counts what it receives; {@code first} (if any) is sent once it is open. */
  private WebSocket listen(String first) throws Exception {
    WebSocket socket = open(new Counting(frames, null));
    if (first != null) {
      socket.sendText(first, true).get(30, TimeUnit.SECONDS);
    }
    return socket;
  }

  private ChannelCaller channel() throws Exception {
    ChannelReplies replies = new ChannelReplies();
    return new ChannelCaller(new Outgoing(open(new Counting(frames, replies))), replies, calls);
  }

  private WebSocket open(WebSocket.Listener listener) throws Exception {
    WebSocket socket = openAsync(listener).get(30, TimeUnit.SECONDS);
    sockets.add(socket);
    return socket;
  }

  private CompletableFuture<WebSocket> openAsync(WebSocket.Listener listener) {
    return http.newWebSocketBuilder().header("authorization", "Bearer " + token)
        .buildAsync(URI.create(api.toString().replace("http:", "ws:") + "/ws"), listener);
  }

  private static JsonNode readTree(byte[] json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  /** A socket's sends, one after the other (the JDK's WebSocket takes one send at a time). */
  private static final class Outgoing {
    private final WebSocket socket;
    private CompletableFuture<WebSocket> last = CompletableFuture.completedFuture(null);

    Outgoing(WebSocket socket) {
      this.socket = socket;
    }

    synchronized void send(String text) {
      last = last.thenCompose(x -> socket.sendText(text, true));
    }
  }

  /** Replies of one worker-channel socket by call id. */
  private static final class ChannelReplies {
    final Map<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    final AtomicLong nextId = new AtomicLong();
  }

  /** Calls over the worker channel: {@code call} out, the matching {@code reply} in. */
  private record ChannelCaller(Outgoing socket, ChannelReplies replies, AtomicLong calls) {
    CompletableFuture<JsonNode> call(String method, String path, Object body) {
      long id = replies.nextId.incrementAndGet();
      CompletableFuture<JsonNode> reply = new CompletableFuture<>();
      replies.waiting.put(id, reply);
      socket.send("{\"type\":\"call\",\"id\":" + id + ",\"method\":\"" + method + "\",\"path\":\"" + path
          + "\",\"body\":" + new String(Json.bytes(body), StandardCharsets.UTF_8) + "}");
      return reply.orTimeout(CALL_TIMEOUT.getSeconds(), TimeUnit.SECONDS).thenApply(answer -> {
        int status = answer.get("status").asInt();
        if (status / 100 != 2) {
          throw new IllegalStateException(method + " " + path + " answered " + status + ": " + answer.get("data"));
        }
        calls.incrementAndGet();
        return answer.get("data");
      });
    }
  }

  /** Counts whole messages; hands worker-channel replies to their callers. */
  private static final class Counting implements WebSocket.Listener {
    private final AtomicLong frames;
    private final ChannelReplies replies;
    private final StringBuilder partial = new StringBuilder();

    Counting(AtomicLong frames, ChannelReplies replies) {
      this.frames = frames;
      this.replies = replies;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.incrementAndGet();
        if (replies != null) {
          JsonNode message = readTree(partial.toString().getBytes(StandardCharsets.UTF_8));
          if ("reply".equals(message.path("type").asText())) {
            CompletableFuture<JsonNode> waiting = replies.waiting.remove(message.get("id").asLong());
            if (waiting != null) {
              waiting.complete(message);
            }
          }
        }
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}
