package io.jobwatch.gateway;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.WsClient;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three nodes: a writer on A, a follower that keeps dropping and resuming on B and C; and queue resume by offset. */
@JobwatchCluster(nodes = 3, env = {"JOBWATCH_HISTORY_CAPACITY=100000"})
class ResumeWebSocketTest {
  private static TestCluster cluster;
  private static Api writer;
  private static String token;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    writer = cluster.api(0).asAdmin();
    token = cluster.adminToken();
  }

  @Test
  void verifiesThatLinesArriveOnceInOrderAcrossManyReconnectsWhileTheWriterWrites() throws Exception {
    String id = writer.createJob("ws.resume").getString("jobId");
    writer.event(id, "request_start_job");
    int total = 4000;
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
      try {
        int last = 0;
        while (last < total) {
          JsonArray batch = new JsonArray();
          for (int k = 1; k <= 3 && last + k <= total; k++) {
            batch.add("line " + (last + k));
          }
          Api.Response r = writer.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", batch).put("after", last));
          assertEquals(200, r.status(), r.toString());
          last += batch.size();
        }
      } finally {
        writing.set(false);
      }
    });

    List<String> received = new ArrayList<>();
    int reconnectsWhileWriting = 0;
    int cycle = 0;
    while (received.size() < total) {
      boolean duringWrites = writing.get();
      try (WsClient ws = WsClient.connect(cluster, 1 + cycle % 2, token)) {
        ws.send(new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray()
            .add(new JsonObject().put("jobId", id).put("attempt", 1).put("lastLine", received.size()))));
        JsonObject first = ws.next(10);
        assertTrue(first != null, "no answer to subscribe in cycle " + cycle + " on node " + (1 + cycle % 2)
            + ", close code " + ws.closeCode());
        assertEquals("CURRENT_JOB_STATUS", first.getString("type"), first.encode());
        // Take a few messages, then drop the connection mid-stream.
        for (int m = 0; m < 1 + cycle % 4 && received.size() < total; m++) {
          JsonObject msg = ws.next(5);
          if (msg == null) {
            break;
          }
          if ("RUNLOG_UPDATED".equals(msg.getString("type"))) {
            assertEquals(received.size() + 1, msg.getInteger("startLine"), "no gap, no repeat: " + msg.encode());
            JsonArray lines = msg.getJsonArray("lines");
            assertEquals(msg.getInteger("endLine") - msg.getInteger("startLine") + 1, lines.size());
            lines.forEach(l -> received.add((String) l));
          }
        }
      }
      cycle++;
      if (duringWrites) {
        reconnectsWhileWriting++;
      }
    }
    writes.get();
    assertTrue(reconnectsWhileWriting >= 10, "resumed many times during writes (" + reconnectsWhileWriting + ")");
    for (int i = 0; i < total; i++) {
      assertEquals("line " + (i + 1), received.get(i));
    }
  }

  @Test
  void verifiesThatALiveFollowerGetsEveryLineAndStatusOnce(Vertx vertx, VertxTestContext test) throws Throwable {
    String id = writer.createJob("ws.live").getString("jobId");
    writer.event(id, "request_start_job");
    Promise<Void> subscribed = Promise.promise();
    Checkpoint completed = test.checkpoint();
    AtomicInteger lines = new AtomicInteger();
    AtomicLong lastSeq = new AtomicLong();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(cluster.node(2).config().httpPort()).setURI("/api/v1/ws").addHeader("Authorization", "Bearer " + token);
    WebSocketClient sockets = vertx.createWebSocketClient();
    sockets.connect(options).onComplete(test.succeeding(ws -> {
      ws.textMessageHandler(text -> test.verify(() -> {
        JsonObject m = new JsonObject(text);
        switch (m.getString("type")) {
          case "CURRENT_JOB_STATUS" -> subscribed.complete();
          case "RUNLOG_UPDATED" -> {
            assertEquals(lines.get() + 1, m.getInteger("startLine"));
            lines.set(m.getInteger("endLine"));
          }
          case "JOB_STATUS_UPDATED" -> {
            long seq = m.getJsonObject("data").getLong("seq");
            assertTrue(seq > lastSeq.get(), "status updates go forward");
            lastSeq.set(seq);
            if ("complete".equals(m.getJsonObject("data").getString("state"))) {
              ws.close();
              completed.flag();
            }
          }
          default -> {
          }
        }
      }));
      ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray()
          .add(new JsonObject().put("jobId", id))).encode());
    }));
    subscribed.future().await(10, SECONDS);
    for (int i = 0; i < 20; i++) {
      writer.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", new JsonArray().add("l" + (i + 1))));
      writer.post("/jobs/" + id + "/status", new JsonObject().put("percent", i));
    }
    writer.event(id, "complete_job");
    assertTrue(test.awaitCompletion(10, SECONDS), "the stream went silent before the job completed");
    if (test.failed()) {
      throw test.causeOfFailure();
    }
    sockets.close();
    assertEquals(writer.job(id).getLong("seq"), lastSeq.get());
    assertEquals(20, lines.get());
  }

  @Test
  void verifiesThatFramesOfEverySizeArriveWholeAndInOrder() {
    // The gateway frames small messages itself, many to a buffer, and hands big ones to Netty:
    // lines of 8 to 8,000 characters make frames from under 126 bytes to over 16 KiB, mixed.
    String id = writer.createJob("ws.sizes").getString("jobId");
    writer.event(id, "request_start_job");
    List<String> written = new ArrayList<>();
    try (WsClient ws = WsClient.connect(cluster, 1, token)) {
      ws.send(new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray()
          .add(new JsonObject().put("jobId", id))));
      assertEquals("CURRENT_JOB_STATUS", ws.next(10).getString("type"));
      int[] sizes = {8, 1_000, 8_000, 30, 3_000, 8_000, 8_000, 100, 8};
      for (int batch = 0; batch < 12; batch++) {
        JsonArray lines = new JsonArray();
        for (int i = 0; i <= batch % 5; i++) {
          int n = sizes[(batch + i) % sizes.length];
          String line = (written.size() + 1) + ":" + "x".repeat(n);
          lines.add(line);
          written.add(line);
        }
        assertEquals(200, writer.post("/jobs/" + id + "/runlog",
            new JsonObject().put("lines", lines).put("after", written.size() - lines.size())).status());
      }
      List<String> received = new ArrayList<>();
      while (received.size() < written.size()) {
        JsonObject msg = ws.next(10);
        if ("RUNLOG_UPDATED".equals(msg.getString("type"))) {
          assertEquals(received.size() + 1, msg.getInteger("startLine"), "no gap, no repeat");
          msg.getJsonArray("lines").forEach(l -> received.add((String) l));
        }
      }
      assertEquals(written, received);
      ws.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", ws.next("pong", 10).getString("type"), "a frame under 126 bytes after the big ones");
    }
  }

  @Test
  void verifiesThatAFinishedJobGetsOnlyItsStatus() {
    String id = writer.createJob("ws.finished").getString("jobId");
    writer.event(id, "request_start_job");
    writer.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", new JsonArray().add("x")));
    writer.event(id, "complete_job");
    try (WsClient ws = WsClient.connect(cluster, 1, token)) {
      ws.send(new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray()
          .add(new JsonObject().put("jobId", id))));
      JsonObject status = ws.next(10);
      assertEquals("CURRENT_JOB_STATUS", status.getString("type"));
      assertEquals("complete", status.getJsonObject("data").getString("state"));
      ws.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", ws.next(10).getString("type"), "nothing but the status came before the pong");
    }
  }

  @Test
  void verifiesThatQueueEventsResumeFromAnOffsetOnAnotherNodeEachOnce() {
    List<Long> offsets = new ArrayList<>();
    long lastOffset;
    try (WsClient a = WsClient.connect(cluster, 0, token)) {
      a.send(new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue")));
      assertEquals("interest", a.next(10).getString("type"));
      for (int i = 0; i < 10; i++) {
        writer.createJob("ws.queue");
      }
      for (int i = 0; i < 10; i++) {
        JsonObject e = a.next("event", 10);
        offsets.add(e.getLong("offset"));
      }
      lastOffset = offsets.get(offsets.size() - 1);
    }
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      missed.add(writer.createJob("ws.queue.missed").getString("jobId"));
    }
    try (WsClient b = WsClient.connect(cluster, 1, token)) {
      b.send(new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue")).put("since", lastOffset));
      JsonObject answer = b.next(10);
      assertEquals("interest", answer.getString("type"));
      assertEquals(true, answer.getBoolean("recovered"));
      String live = writer.createJob("ws.queue.live").getString("jobId");
      List<String> seen = new ArrayList<>();
      long expected = lastOffset + 1;
      while (seen.size() < 16) {
        JsonObject e = b.next("event", 10);
        assertEquals(expected, e.getLong("offset"), "offsets continue without gap or repeat");
        expected++;
        seen.add(e.getJsonObject("data").getString("jobId"));
      }
      List<String> all = new ArrayList<>(missed);
      all.add(live);
      assertEquals(all, seen);
    }
  }
}
