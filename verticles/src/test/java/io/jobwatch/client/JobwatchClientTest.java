package io.jobwatch.client;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java client against a real three-node cluster: a worker and followers on different nodes,
 * a follower and a worker that lose their node and go on elsewhere, token renewal, messages and
 * kill requests, and clear errors.
 */
@JobwatchCluster(nodes = 3, env = {"JOBWATCH_TOKEN_TTL=12"}, users = {"w:worker-password:worker,user"})
class JobwatchClientTest {
  private static TestCluster cluster;
  private static Vertx vertx;
  private static Api admin;

  @BeforeAll
  static void start(TestCluster started, Vertx clients) {
    cluster = started;
    vertx = clients;
    admin = cluster.api(0).asAdmin();
  }

  private static String url(int node) {
    return "http://127.0.0.1:" + cluster.node(node).config().httpPort();
  }

  private static JobwatchClient client(int... nodes) {
    List<String> urls = new ArrayList<>();
    for (int n : nodes) {
      urls.add(url(n));
    }
    return JobwatchClient.connect(vertx, ClientOptions.nodes(urls).login("w", "worker-password")).await();
  }

  /** Records what a follower hears, checking lines come once and in order. */
  private static final class Recorder implements JobFollow.Listener {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final List<Long> seqs = new CopyOnWriteArrayList<>();
    volatile String state;

    @Override
    public void status(JsonObject job) {
      seqs.add(job.getLong("seq"));
      state = job.getString("state");
    }

    @Override
    public void lines(int attempt, int firstLine, List<String> texts) {
      assertEquals(lines.size() + 1, firstLine, "no gap, no repeat");
      lines.addAll(texts);
    }
  }

  private static List<String> expected(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add("line " + i);
    }
    return out;
  }

  @Test
  void verifiesThatAWorkerReportsOverTheChannelAndFollowersOnOtherNodesHearEveryLineAndChangeOnce() {
    try (JobwatchClient worker = client(0); JobwatchClient follower = client(1); JobwatchClient watcher = client(2)) {
      List<JsonObject> events = new CopyOnWriteArrayList<>();
      watcher.queue(null, events::add).await();
      JobHandle job = worker.worker(worker.submit("client.basic").await().getString("jobId"));
      Recorder heard = new Recorder();
      follower.follow(job.jobId(), null, 0, heard).await();
      job.start().await();
      for (int i = 0; i < 10; i++) {
        job.status(i * 10, "step " + i).await();
      }
      List<String> lines = expected(2500);
      job.log(lines.subList(0, 1200).toArray(new String[0]));
      job.log(lines.subList(1200, 2500).toArray(new String[0])).await();
      assertEquals(2500, job.lastLine());
      job.complete(new JsonObject().put("rows", 3)).await();
      await().atMost(20, SECONDS).until(() -> "complete".equals(heard.state) && heard.lines.size() == 2500);
      assertEquals(lines, heard.lines);
      for (int i = 1; i < heard.seqs.size(); i++) {
        assertTrue(heard.seqs.get(i) > heard.seqs.get(i - 1), "changes in seq order, each once");
      }
      await().atMost(10, SECONDS).until(() -> events.stream().anyMatch(e -> "complete_job".equals(e.getString("name"))
          && job.jobId().equals(e.getJsonObject("data").getString("jobId"))));
      assertEquals(14, events.stream().filter(e -> job.jobId().equals(e.getJsonObject("data").getString("jobId")))
          .count(), "enqueue, two starts, ten progress reports and the completion");
    }
  }

  @Test
  void verifiesThatAWorkerAndAFollowerWhoseNodeStopsGoOnElsewhereWithEveryLineOnce() {
    try (TestCluster own = TestCluster.start(3)) {
      Api ownAdmin = own.api(0).asAdmin();
      ownAdmin.post("/users", new JsonObject().put("name", "w").put("password", "worker-password")
          .put("roles", new JsonArray().add("worker").add("user")));
      List<String> urls0 = List.of("http://127.0.0.1:" + own.node(1).config().httpPort(),
          "http://127.0.0.1:" + own.node(2).config().httpPort());
      List<String> urls1 = List.of("http://127.0.0.1:" + own.node(1).config().httpPort(),
          "http://127.0.0.1:" + own.node(0).config().httpPort());
      try (JobwatchClient worker = JobwatchClient.connect(vertx, ClientOptions.nodes(urls0).login("w", "worker-password")
          .maxBackoff(java.time.Duration.ofMillis(500))).await();
           JobwatchClient follower = JobwatchClient.connect(vertx, ClientOptions.nodes(urls1)
               .login("w", "worker-password").maxBackoff(java.time.Duration.ofMillis(500))).await()) {
        JobHandle job = worker.worker(worker.submit("client.failover").await().getString("jobId"));
        job.start().await();
        Recorder heard = new Recorder();
        follower.follow(job.jobId(), null, 0, heard).await();
        List<String> lines = expected(3000);
        Future<Integer> writes = Future.succeededFuture(0);
        for (int i = 0; i < 3000; i += 10) {
          writes = job.log(lines.subList(i, i + 10).toArray(new String[0]));
          if (i == 1000) {
            writes.await();
            own.node(1).stop().await(); // both clients' node goes away mid-stream
          }
        }
        assertEquals(3000, writes.await());
        await().atMost(60, SECONDS).until(() -> heard.lines.size() == 3000);
        assertEquals(lines, heard.lines, "every line once, in order, across the move");
        assertTrue(!worker.node().equals(urls0.get(0)) && !follower.node().equals(urls1.get(0)));
        assertEquals(3000, ownAdmin.get("/jobs/" + job.jobId() + "/runlog?after=2999").json().getInteger("lastLine"));
      }
    }
  }

  @Test
  void verifiesThatTheClientRenewsItsTokenBeforeItExpiresAndTheSocketStays() {
    try (JobwatchClient c = client(0)) {
      String node = c.node();
      long expired = System.currentTimeMillis() + 12_000;
      await().atMost(40, SECONDS).pollInterval(1, SECONDS).until(() -> System.currentTimeMillis() > expired + 3000
          && c.request("GET", "/jobs?per_page=1", null).await().status() == 200);
      assertEquals(node, c.node(), "the same node, the same socket: the token was refreshed on it");
    }
  }

  @Test
  void verifiesThatAppMessagesReachTheWorkerAndAreAckedAndAKillRequestIsHeard() {
    try (JobwatchClient worker = client(0); JobwatchClient owner = client(1)) {
      JsonObject spec = new JsonObject().put("name", "client.messages").put("callbacks", true);
      JobHandle job = worker.worker(worker.submit(spec).await().getString("jobId"));
      job.start().await();
      List<JsonObject> got = new CopyOnWriteArrayList<>();
      AtomicReference<JsonObject> kill = new AtomicReference<>();
      job.onKillRequested(kill::set);
      job.onMessage(data -> {
        got.add(data);
        return Future.succeededFuture();
      }).await();
      job.message(new JsonObject().put("q", "continue?")).await();
      await().atMost(10, SECONDS).until(() -> got.size() == 1);
      assertEquals("continue?", got.get(0).getString("q"));
      await().atMost(10, SECONDS).until(() -> admin.get("/jobs/" + job.jobId()).status() == 200
          && worker.request("GET", "/jobs/" + job.jobId(), null).await().status() == 200);
      owner.event(job.jobId(), "request_kill_job", "enough").await();
      await().atMost(10, SECONDS).until(() -> kill.get() != null);
      assertTrue(kill.get().getJsonObject("flags").getBoolean("killRequested"));
      job.event("kill_job").await();
    }
  }

  @Test
  void verifiesThatAWrongAddressAndARefusedLoginAreClearErrors() {
    JobwatchException nobody = assertThrows(JobwatchException.class, () -> JobwatchClient.connect(vertx,
        ClientOptions.nodes("http://127.0.0.1:1").login("w", "worker-password")).await());
    assertEquals("unreachable", nobody.code());
    JobwatchException refused = assertThrows(JobwatchException.class, () -> JobwatchClient.connect(vertx,
        ClientOptions.nodes(url(0)).login("w", "wrong-password")).await());
    assertEquals(401, refused.status());
    assertEquals("unauthenticated", refused.code());
    try (JobwatchClient c = client(0)) {
      JobwatchException unknown = assertThrows(JobwatchException.class, () -> c.job("no-such-job").await());
      assertEquals(404, unknown.status());
      assertEquals("unknown_job", unknown.code());
    }
  }
}
