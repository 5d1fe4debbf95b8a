package io.jobwatch.gateway;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue history of 1,000 events that wraps many times: new subscribers still get live events,
 * and only a reader whose unread events were overwritten is closed (1013), its resume answered
 * {@code recovered: false}.
 */
@JobwatchCluster(env = {"JOBWATCH_HISTORY_CAPACITY=1000"})
class QueueHistoryWrapTest {
  private static final String LONG_NAME = "wrap." + "x".repeat(190);
  private static TestCluster cluster;
  private static Api admin;
  private static String token;

  @BeforeAll
  static void start(TestCluster started) {
    cluster = started;
    admin = cluster.api(0).asAdmin();
    token = cluster.adminToken();
  }

  private static JsonObject interest(Long since) {
    JsonObject m = new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue"));
    return since == null ? m : m.put("since", since);
  }

  @Test
  void verifiesThatANewSubscriberGetsLiveEventsAfterTheHistoryWrapped() {
    admin.createJobs("wrap.before", 2500);
    try (WsClient ws = WsClient.connect(cluster, 0, token)) {
      ws.send(interest(null));
      assertEquals(true, ws.next("interest", 10).getBoolean("recovered"));
      admin.createJobs("wrap.live", 5);
      for (int i = 0; i < 5; i++) {
        JsonObject e = ws.next("event", 10);
        assertEquals("wrap.live", e.getJsonObject("data").getString("name"), "only events from now on");
      }
      assertEquals(null, ws.closeCode());
    }
  }

  @Test
  void verifiesThatOnlyAReaderWhoseUnreadEventsWereOverwrittenIsClosed1013AndItsResumeIsNotRecovered() {
    try (WsClient ws = WsClient.connect(cluster, 0, token)) {
      ws.send(interest(null));
      ws.next("interest", 10);
      ws.socket().pause();
      // About 7 MB of events: more than the connection buffers, and fifteen times the history.
      admin.createJobs(LONG_NAME, 15_000);
      ws.socket().resume();
      long last = -1;
      JsonObject m;
      while ((m = ws.next(10)) != null) {
        if ("event".equals(m.getString("type"))) {
          long offset = m.getLong("offset");
          assertTrue(last < 0 || offset == last + 1, "what it got before the close has no gap");
          last = offset;
        }
      }
      await().atMost(10, SECONDS).until(() -> ws.closeCode() != null);
      assertEquals((short) 1013, ws.closeCode());
      assertTrue(last >= 0, "it got events before it fell behind");
      try (WsClient again = WsClient.connect(cluster, 0, token)) {
        again.send(interest(last));
        JsonObject answer = again.next("interest", 10);
        assertEquals(false, answer.getBoolean("recovered"), answer.encode());
        JsonObject first = again.next("event", 10);
        assertNotNull(first);
        assertTrue(first.getLong("offset") > last + 1, "the stream goes on from the oldest kept event");
      }
    }
  }
}
