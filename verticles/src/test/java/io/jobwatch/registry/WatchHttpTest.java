package io.jobwatch.registry;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /jobs/watch} across nodes: cursors that never miss and never repeat a change; long polls. */
@JobwatchCluster(nodes = 3)
class WatchHttpTest {
  private static TestCluster cluster;
  private static Api writerA;
  private static Api writerB;
  private static Api watcher;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    writerA = cluster.api(0).asAdmin();
    writerB = cluster.api(1).asAdmin();
    watcher = cluster.api(2).asAdmin();
  }

  @Test
  void verifiesThatFollowingCursorsSeesEveryChangeOnceWhileOthersWrite() {
    String cursor = watcher.get("/jobs/watch").json().getString("cursor");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(writerA.createJob("watch.load").getString("jobId"));
    }
    for (String id : ids) {
      writerB.event(id, "request_start_job");
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    Map<String, Long> lastSeqSeen = new HashMap<>();
    Set<String> seenVersions = new HashSet<>();
    // Writers: 20 status reports per job, from two nodes at once, while the watcher polls.
    List<Future<Api.Response>> writes = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      for (String id : ids) {
        Api via = round % 2 == 0 ? writerA : writerB;
        writes.add(via.postAsync("/jobs/" + id + "/status", new JsonObject().put("percent", round * 5)));
      }
    }
    Future<?> allWritten = Future.all(writes).onComplete(x -> writing.set(false));
    int polls = 0;
    while (writing.get() || polls == 0) {
      cursor = poll(cursor, lastSeqSeen, seenVersions, 0);
      polls++;
    }
    allWritten.await();
    cursor = poll(cursor, lastSeqSeen, seenVersions, 0);
    for (String id : ids) {
      assertEquals(writerA.job(id).getLong("seq"), lastSeqSeen.get(id), "the last change of " + id + " was seen");
    }
    JsonObject quiet = watcher.get("/jobs/watch?cursor=" + cursor).json();
    assertEquals(0, quiet.getJsonArray("result").size(), "nothing is answered twice");
  }

  /** One watch call; fails the test on a repeated or out-of-order version. Answers the next cursor. */
  private String poll(String cursor, Map<String, Long> lastSeqSeen, Set<String> seenVersions, int wait) {
    Api.Response r = watcher.get("/jobs/watch?cursor=" + cursor + "&wait=" + wait);
    assertEquals(200, r.status(), r.toString());
    JsonArray result = r.json().getJsonArray("result");
    Set<String> inThisAnswer = new HashSet<>();
    for (int i = 0; i < result.size(); i++) {
      JsonObject job = result.getJsonObject(i);
      String id = job.getString("jobId");
      long seq = job.getLong("seq");
      assertTrue(inThisAnswer.add(id), "a job appears once per answer");
      assertTrue(seenVersions.add(id + "@" + seq), "version " + id + "@" + seq + " was answered twice");
      Long before = lastSeqSeen.put(id, seq);
      assertTrue(before == null || before < seq, "versions of " + id + " go forward");
    }
    return r.json().getString("cursor");
  }

  @Test
  void verifiesThatALongPollAnswersWithTheChangeThatEndsIt() {
    String id = writerA.createJob("watch.longpoll").getString("jobId");
    String cursor = watcher.get("/jobs/watch").json().getString("cursor");
    Future<Api.Response> held = watcher.getAsync("/jobs/watch?wait=30&cursor=" + cursor);
    assertFalse(held.isComplete(), "nothing changed yet, the call is held");
    writerB.event(id, "request_start_job");
    Api.Response r = held.await();
    assertEquals(200, r.status());
    JsonArray result = r.json().getJsonArray("result");
    assertEquals(1, result.size(), "the answer carries the change, not a timeout: " + r);
    assertEquals("running", result.getJsonObject(0).getString("state"));
  }

  @Test
  void verifiesThatALongPollWithoutChangesEndsEmptyWithAUsableCursor() {
    String cursor = watcher.get("/jobs/watch").json().getString("cursor");
    Api.Response r = watcher.get("/jobs/watch?wait=1&cursor=" + cursor);
    assertEquals(200, r.status());
    assertEquals(0, r.json().getJsonArray("result").size());
    String next = r.json().getString("cursor");
    assertNotNull(next);
    String id = writerA.createJob("watch.after-timeout").getString("jobId");
    JsonArray after = watcher.get("/jobs/watch?cursor=" + next).json().getJsonArray("result");
    assertEquals(1, after.size());
    assertEquals(id, after.getJsonObject(0).getString("jobId"));
  }

  @Test
  void verifiesThatSinceATimeAnswersTheJobsChangedAfterIt() {
    String old = writerA.createJob("watch.since.old").getString("jobId");
    long since = Instant.parse(writerA.job(old).getString("updated")).toEpochMilli();
    // "after" is strict: let the clock pass the old job's last change before the new one is made.
    await().until(() -> System.currentTimeMillis() > since);
    String fresh = writerB.createJob("watch.since.new").getString("jobId");
    JsonArray result = watcher.get("/jobs/watch?since=" + since).json().getJsonArray("result");
    Set<String> ids = new HashSet<>();
    result.forEach(o -> ids.add(((JsonObject) o).getString("jobId")));
    assertTrue(ids.contains(fresh));
    assertFalse(ids.contains(old));
  }

  @Test
  void verifiesThatACursorAheadOfTheHistoryIsRefusedWithAndWithoutWait() {
    String real = watcher.get("/jobs/watch").json().getString("cursor");
    String[] parts = new String(java.util.Base64.getUrlDecoder().decode(real), java.nio.charset.StandardCharsets.US_ASCII)
        .split(":");
    String ahead = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        (parts[0] + ":" + (Long.parseLong(parts[1]) + 1000) + ":" + parts[2]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    writerA.createJob("watch.ahead");
    for (String query : new String[] {"", "&wait=1"}) {
      Api.Response r = watcher.get("/jobs/watch?cursor=" + ahead + query);
      assertEquals(400, r.status(), r.toString());
      assertEquals("bad_request", r.error());
    }
  }

  @Test
  void verifiesThatAForeignCursorIsRefused() {
    Api.Response r = watcher.get("/jobs/watch?cursor=not-a-cursor");
    assertEquals(400, r.status());
    assertEquals("bad_request", r.error());
  }
}
