package io.jobwatch.it;

import io.jobwatch.client.ClientOptions;
import io.jobwatch.client.JobFollow;
import io.jobwatch.client.JobwatchClient;
import io.jobwatch.client.QueueFollow;
import io.jobwatch.testing.Api;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node processes restarted one by one under load, as an orchestrator does it: SIGTERM, a
 * replacement on the same ports, wait for its {@code /ready}, next node. Meanwhile a worker
 * appends run-log lines (with {@code after}) and changes the job's status (with an operation id)
 * over HTTP, moving to another node when one refuses or disappears; 50 queue subscribers and 20
 * followers of the job, spread over the nodes, use the Java client and resume wherever they land.
 * Verifies that nothing acknowledged is lost, that no subscriber misses or repeats an event or a
 * line, that the only 5xx the worker sees is 503, and that sockets of a stopping node are closed
 * with 1001. Prints the longest pause a subscriber saw and the worker's retries.
 */
class RollingRestartIT {
  private static final int NODES = 3;
  private static final int QUEUE_SUBSCRIBERS = 50;
  private static final int FOLLOWERS = 20;
  private static final int LINES_PER_BATCH = 5;
  /** Work the worker gets done on the cluster before each stop and after the last restart. */
  private static final int LINES_BETWEEN_STEPS = 150;

  @Test
  void verifiesThatRestartingEveryNodeInTurnUnderLoadLosesRepeatsAndSkipsNothing() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<JobwatchClient> clients = new ArrayList<>();
    try (NodeProcesses nodes = new NodeProcesses(NODES, "rolling")) {
      List<Api> plain = new ArrayList<>();
      List<String> urls = new ArrayList<>();
      for (int port : nodes.httpPorts) {
        plain.add(Api.to(vertx, port));
        urls.add("http://127.0.0.1:" + port);
      }
      nodes.awaitReady(Duration.ofMinutes(3));
      Api first = plain.get(0).as("admin", NodeProcesses.ADMIN_PASSWORD);
      String token = first.post("/token", new JsonObject()).json().getString("token");
      List<Api> admin = plain.stream().map(a -> a.withToken(token)).toList();
      String jobId = first.createJob("it.rolling").getString("jobId");
      assertEquals(200, first.event(jobId, "request_start_job").status());

      List<QueueReader> readers = new ArrayList<>();
      for (int i = 0; i < QUEUE_SUBSCRIBERS; i++) {
        QueueReader reader = new QueueReader(jobId);
        JobwatchClient client = connect(vertx, urls, token, i, reader.disconnects);
        clients.add(client);
        client.queue(null, reader).await(60, SECONDS);
        readers.add(reader);
      }
      List<LineReader> followers = new ArrayList<>();
      for (int i = 0; i < FOLLOWERS; i++) {
        LineReader follower = new LineReader();
        JobwatchClient client = connect(vertx, urls, token, i, follower.disconnects);
        clients.add(client);
        client.follow(jobId, null, 0, follower).await(60, SECONDS);
        followers.add(follower);
      }

      Worker worker = new Worker(admin, jobId);
      Thread writing = new Thread(worker, "rolling-worker");
      writing.start();
      for (int i = 0; i < NODES; i++) {
        int target = worker.acked() + LINES_BETWEEN_STEPS;
        await().atMost(120, SECONDS).until(() -> worker.acked() >= target || worker.failure != null);
        nodes.stop(i);
        nodes.restart(i);
        nodes.awaitReady(Duration.ofMinutes(3), i);
      }
      int target = worker.acked() + LINES_BETWEEN_STEPS;
      await().atMost(120, SECONDS).until(() -> worker.acked() >= target || worker.failure != null);
      worker.stop.set(true);
      writing.join(TimeUnit.MINUTES.toMillis(2));
      assertEquals(null, worker.failure, "the worker saw only 200, 503 or a node gone");
      int lines = worker.acked();
      int steps = worker.applied.size();
      List<Long> seqs = List.copyOf(worker.appliedSeqs);
      long lastSeq = seqs.get(seqs.size() - 1);

      // Nothing acknowledged is lost: the store has every line once and the last status.
      Api any = admin.get(1);
      JsonObject job = any.job(jobId);
      assertEquals(lines, job.getJsonObject("runLog").getInteger("lines"));
      assertEquals("step " + steps, job.getString("desc"));
      assertEquals(IntStream.rangeClosed(1, steps).boxed().toList(), worker.applied, "each status change applied once");
      JsonArray tail = any.get("/jobs/" + jobId + "/runlog?after=" + (lines - 1)).json().getJsonArray("lines");
      assertEquals("line " + lines, tail.getJsonObject(0).getString("text"));

      // Every subscriber has every event once, in order, and every follower every line once, in order.
      try {
        await().atMost(120, SECONDS).until(() -> readers.stream().allMatch(r -> r.lastSeq() == lastSeq)
            && followers.stream().allMatch(f -> f.count() == lines));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        StringBuilder behind = new StringBuilder();
        for (int i = 0; i < readers.size(); i++) {
          QueueReader r = readers.get(i);
          if (r.lastSeq() != lastSeq) {
            behind.append("\nqueue subscriber ").append(i).append(": seq ").append(r.lastSeq()).append(" of ")
                .append(lastSeq).append(", closes ").append(r.disconnects).append(", problems ").append(r.problems);
          }
        }
        for (int i = 0; i < followers.size(); i++) {
          LineReader f = followers.get(i);
          if (f.count() != lines) {
            behind.append("\nfollower ").append(i).append(": ").append(f.count()).append(" of ").append(lines)
                .append(" lines, closes ").append(f.disconnects).append(", problems ").append(f.problems);
          }
        }
        throw new AssertionError("subscribers did not catch up:" + behind, e);
      }
      for (int i = 0; i < readers.size(); i++) {
        QueueReader r = readers.get(i);
        assertEquals(List.of(), r.problems, "queue subscriber " + i);
        assertEquals(seqs, r.seqs(), "queue subscriber " + i + " saw each status change once, in order");
      }
      List<String> expected = IntStream.rangeClosed(1, lines).mapToObj(n -> "line " + n).toList();
      for (int i = 0; i < followers.size(); i++) {
        LineReader f = followers.get(i);
        assertEquals(List.of(), f.problems, "follower " + i);
        assertEquals(expected, f.lines(), "follower " + i);
      }
      // Every client lost its node at least once (every node was stopped), always with 1001.
      List<Reader> all = new ArrayList<>(readers);
      all.addAll(followers);
      for (Reader r : all) {
        assertFalse(r.disconnects.isEmpty(), "each client's node was stopped under it");
        assertEquals(new TreeSet<>(List.of((short) 1001)), new TreeSet<>(r.disconnects), "sockets closed going away");
      }
      long longestPause = all.stream().mapToLong(Reader::longestPause).max().orElse(0);
      System.out.printf("ROLLING RESTART: %d nodes restarted under load; %d lines and %d status changes "
              + "acknowledged, none lost; %d queue subscribers and %d followers, none missed or repeated anything; "
              + "longest pause for a subscriber %d ms; worker retries %d (503: %d, node gone: %d); "
              + "client failovers %d%n", NODES, lines, steps, QUEUE_SUBSCRIBERS, FOLLOWERS, longestPause,
          worker.retries, worker.unavailable, worker.unreachable,
          all.stream().mapToInt(r -> r.disconnects.size()).sum());
      clients.forEach(JobwatchClient::close);
      plain.forEach(Api::close);
    } finally {
      vertx.close().await();
    }
  }

  private static JobwatchClient connect(Vertx vertx, List<String> urls, String token, int i, List<Short> disconnects)
      throws Exception {
    List<String> order = new ArrayList<>(urls);
    Collections.rotate(order, -(i % urls.size()));
    // One token for all: 70 logins from one address would meet the login limit per address.
    ClientOptions options = ClientOptions.nodes(order).token(token)
        .maxBackoff(Duration.ofMillis(500)).onDisconnect((node, code) -> disconnects.add(code));
    return JobwatchClient.connect(vertx, options).await(60, SECONDS);
  }

  /** What every subscriber keeps: when it heard something, what broke its rules, how its sockets closed. */
  private abstract static class Reader {
    final List<Short> disconnects = Collections.synchronizedList(new ArrayList<>());
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private long lastHeard;
    private long longestPause;

    synchronized void heard() {
      long now = System.nanoTime();
      if (lastHeard != 0) {
        longestPause = Math.max(longestPause, TimeUnit.NANOSECONDS.toMillis(now - lastHeard));
      }
      lastHeard = now;
    }

    synchronized long longestPause() {
      return longestPause;
    }
  }

  /** A queue subscriber: offsets must follow each other without gap; the seqs of the job's events are kept. */
  private static final class QueueReader extends Reader implements QueueFollow.Listener {
    private final String jobId;
    private final List<Long> seqs = new ArrayList<>();
    private long lastOffset = -1;

    QueueReader(String jobId) {
      this.jobId = jobId;
    }

    @Override
    public synchronized void event(JsonObject event) {
      heard();
      long offset = event.getLong("offset");
      if (lastOffset >= 0 && offset != lastOffset + 1) {
        problems.add("offset " + offset + " after " + lastOffset);
      }
      lastOffset = offset;
      JsonObject data = event.getJsonObject("data");
      if (jobId.equals(data.getString("jobId"))) {
        seqs.add(data.getLong("seq"));
      }
    }

    @Override
    public void historyLost(String message) {
      problems.add("history lost: " + message);
    }

    synchronized List<Long> seqs() {
      return List.copyOf(seqs);
    }

    synchronized long lastSeq() {
      return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
    }
  }

  /** A follower of the job: lines must come in order, each once; the job's seq only goes up. */
  private static final class LineReader extends Reader implements JobFollow.Listener {
    private final List<String> lines = new ArrayList<>();
    private long seq;

    @Override
    public synchronized void lines(int attempt, int firstLine, List<String> more) {
      heard();
      if (firstLine != lines.size() + 1) {
        problems.add("lines from " + firstLine + " after " + lines.size());
      }
      lines.addAll(more);
    }

    @Override
    public synchronized void status(JsonObject job) {
      heard();
      long next = job.getLong("seq");
      if (next < seq) {
        problems.add("seq " + next + " after " + seq);
      }
      seq = next;
    }

    @Override
    public void gone(String code, String message) {
      problems.add("gone: " + code + " " + message);
    }

    synchronized int count() {
      return lines.size();
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }
  }

  /**
   * Appends lines and changes the status in turn, one request at a time, over HTTP; moves to the
   * next node on 503 or a node gone and sends the same request again (safe by {@code after} and
   * the operation id). Anything else ends it with a failure.
   */
  private static final class Worker implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
    /** The job's seq after each applied status change: what every queue subscriber must see, in order. */
    final List<Long> appliedSeqs = Collections.synchronizedList(new ArrayList<>());
    volatile String failure;
    volatile int retries;
    volatile int unavailable;
    volatile int unreachable;
    private final List<Api> nodes;
    private final String jobId;
    private volatile int acked;
    private int node;

    Worker(List<Api> nodes, String jobId) {
      this.nodes = nodes;
      this.jobId = jobId;
    }

    int acked() {
      return acked;
    }

    @Override
    public void run() {
      try {
        while (!stop.get() && failure == null) {
          List<String> batch = new ArrayList<>();
          for (int n = acked + 1; n <= acked + LINES_PER_BATCH; n++) {
            batch.add("line " + n);
          }
          Api.Response appended = send("/jobs/" + jobId + "/runlog",
              new JsonObject().put("lines", new JsonArray(batch)).put("after", acked));
          if (appended.status() == 409 && "line_conflict".equals(appended.error())
              && appended.json().getInteger("lastLine") == acked + LINES_PER_BATCH) {
            acked += LINES_PER_BATCH; // the first try was applied; its answer was lost with its node
          } else if (appended.status() == 200) {
            acked = appended.json().getInteger("lastLine");
          } else {
            failure = "append answered " + appended;
            return;
          }
          int step = applied.size() + 1;
          Api.Response changed = send("/jobs/" + jobId + "/status", new JsonObject().put("percent", step % 100)
              .put("desc", "step " + step).put("opId", "rolling-step-" + step));
          if (changed.status() != 200) {
            failure = "status answered " + changed;
            return;
          }
          appliedSeqs.add(changed.json().getLong("seq"));
          applied.add(step);
        }
      } catch (RuntimeException e) {
        failure = e.toString();
      }
    }

    /** Sends until a node answers something other than 503; a refused connection or a timeout moves on too. */
    private Api.Response send(String path, JsonObject body) {
      for (int tries = 0; tries < 1000; tries++) {
        Api.Response r;
        try {
          r = nodes.get(node).postAsync(path, body).await(10, SECONDS);
        } catch (Exception e) {
          unreachable++;
          retries++;
          node = (node + 1) % nodes.size();
          continue;
        }
        if (r.status() == 503) {
          unavailable++;
          retries++;
          node = (node + 1) % nodes.size();
          continue;
        }
        if (r.status() >= 500) {
          throw new IllegalStateException("a 5xx other than 503: " + r);
        }
        return r;
      }
      throw new IllegalStateException("no node answered " + path + " in 1000 tries");
    }
  }
}
