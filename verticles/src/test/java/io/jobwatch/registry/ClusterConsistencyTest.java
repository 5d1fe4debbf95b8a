package io.jobwatch.registry;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three clustered nodes in one JVM: any node serves any job, and concurrent writers never lose or double a change. */
@JobwatchCluster(nodes = 3)
class ClusterConsistencyTest {
  private static TestCluster cluster;
  private static Api a;
  private static Api b;
  private static Api c;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    a = cluster.api(0).asAdmin();
    b = cluster.api(1).asAdmin();
    c = cluster.api(2).asAdmin();
  }

  @Test
  void verifiesThatThreeNodesFormOneCluster() {
    assertEquals(3, cluster.node(0).hazelcast().getCluster().getMembers().size());
  }

  @Test
  void verifiesThatAJobCreatedOnOneNodeIsChangedOnAnotherAndReadOnAThird() {
    String id = a.createJob(new JsonObject().put("name", "cluster.abc").put("custom", new JsonObject().put("k", 1)))
        .getString("jobId");
    assertEquals(200, b.event(id, "request_start_job").status());
    Api.Response status = b.post("/jobs/" + id + "/status", new JsonObject().put("percent", 42).put("desc", "on B"));
    assertEquals(200, status.status());
    JsonObject seen = c.job(id);
    assertEquals("running", seen.getString("state"));
    assertEquals(42, seen.getInteger("percent"));
    assertEquals("on B", seen.getString("desc"));
    assertEquals(3, seen.getLong("seq"));
    assertEquals(new JsonObject().put("k", 1), seen.getJsonObject("custom"));
  }

  @Test
  void verifiesThatConcurrentStatusUpdatesAndAppendsFromTwoNodesGetGaplessSeqsAndKeepEveryLineOnce() {
    String id = a.createJob("cluster.race").getString("jobId");
    JsonObject started = a.event(id, "request_start_job").json();
    long seqAtStart = started.getLong("seq");
    List<Future<Api.Response>> calls = new ArrayList<>();
    Set<String> sent = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Api via = i % 2 == 0 ? a : b;
      calls.add(via.postAsync("/jobs/" + id + "/status", new JsonObject().put("percent", i).put("desc", "d" + i)));
      JsonArray lines = new JsonArray();
      for (int k = 0; k <= i % 3; k++) {
        String text = "line " + i + "." + k;
        lines.add(text);
        sent.add(text);
      }
      calls.add(via.postAsync("/jobs/" + id + "/runlog", new JsonObject().put("lines", lines)));
    }
    Future.all(calls).await();
    TreeSet<Long> seqs = new TreeSet<>();
    for (Future<Api.Response> f : calls) {
      Api.Response r = f.result();
      assertEquals(200, r.status(), r.toString());
      assertTrue(seqs.add(r.json().getLong("seq")), "seq answered twice: " + r);
    }
    assertEquals(200, seqs.size());
    assertEquals(seqAtStart + 1, seqs.first());
    assertEquals(seqAtStart + 200, seqs.last(), "no gaps: 200 changes, 200 consecutive seqs");
    assertEquals(seqAtStart + 200, c.job(id).getLong("seq"));

    JsonObject log = c.get("/jobs/" + id + "/runlog?limit=10000").json();
    JsonArray lines = log.getJsonArray("lines");
    assertEquals(sent.size(), lines.size());
    assertEquals(sent.size(), log.getInteger("lastLine"));
    Set<String> stored = new HashSet<>();
    for (int n = 0; n < lines.size(); n++) {
      assertEquals(n + 1, lines.getJsonObject(n).getInteger("n"));
      assertTrue(stored.add(lines.getJsonObject(n).getString("text")), "a line was stored twice");
    }
    assertEquals(sent, stored);
  }

  @Test
  void verifiesThatAfterMakesRetriedBatchesLandExactlyOnce() {
    String id = a.createJob("cluster.after").getString("jobId");
    a.event(id, "request_start_job");
    List<Api> nodes = List.of(a, b, c);
    int last = 0;
    List<String> expected = new ArrayList<>();
    for (int batch = 0; batch < 30; batch++) {
      JsonArray lines = new JsonArray();
      for (int k = 0; k < 1 + batch % 4; k++) {
        lines.add("batch " + batch + " line " + k);
      }
      JsonObject body = new JsonObject().put("lines", lines).put("after", last);
      // The worker "timed out" and retried: the same batch arrives three times, on three nodes, at once.
      List<Future<Api.Response>> tries = nodes.stream().map(n -> n.postAsync("/jobs/" + id + "/runlog", body)).toList();
      Future.join(tries).await();
      int ok = 0;
      for (Future<Api.Response> t : tries) {
        Api.Response r = t.result();
        if (r.status() == 200) {
          ok++;
        } else {
          assertEquals(409, r.status(), r.toString());
          assertEquals("line_conflict", r.error());
          assertEquals(last + lines.size(), r.json().getInteger("lastLine"));
        }
      }
      assertEquals(1, ok, "exactly one try of batch " + batch + " is written");
      lines.forEach(l -> expected.add((String) l));
      last += lines.size();
    }
    JsonArray stored = b.get("/jobs/" + id + "/runlog?limit=10000").json().getJsonArray("lines");
    List<String> texts = new ArrayList<>();
    stored.forEach(o -> texts.add(((JsonObject) o).getString("text")));
    assertEquals(expected, texts);
  }
}
