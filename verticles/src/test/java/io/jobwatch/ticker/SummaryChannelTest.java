package io.jobwatch.ticker;

import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three nodes: one summary per second for every socket that asked, from one ticker; another takes over when it leaves. */
@JobwatchCluster(nodes = 3)
class SummaryChannelTest {

  /** One socket's summaries: their seconds, each later than the one before (checked as they come). */
  private static final class Summaries {
    final List<Long> created = new ArrayList<>();
    final Promise<Void> firstThree = Promise.promise();
    int afterStop = -1;
  }

  @Test
  void verifiesOneSummaryPerSecondOnEveryNodeAndATakeoverWhenTheTickerLeaves(TestCluster cluster, Vertx client,
      VertxTestContext test) throws Throwable {
    String token = cluster.adminToken();
    WebSocketClient webSockets = client.createWebSocketClient();
    long queued = Instant.parse(cluster.api(0).asAdmin().createJob("summary.job").getString("queued")).toEpochMilli();
    List<Summaries> sockets = new ArrayList<>();
    List<WebSocket> open = Collections.synchronizedList(new ArrayList<>());
    Checkpoint goOn = test.checkpoint(2);
    for (int node = 0; node < 3; node++) {
      Summaries seen = new Summaries();
      sockets.add(seen);
      open(webSockets, cluster, node, token).onComplete(test.succeeding(ws -> {
        open.add(ws);
        ws.textMessageHandler(text -> test.verify(() -> {
          JsonObject m = new JsonObject(text);
          if (!"summary".equals(m.getString("type"))) {
            return;
          }
          long created = Instant.parse(m.getString("created")).toEpochMilli();
          if (created > queued) {
            // (A summary computed before the job was created may reach a socket that connected just after.)
            assertEquals(1, m.getJsonArray("data").size(), m.encode());
            assertEquals("summary.job", m.getJsonArray("data").getJsonObject(0).getString("name"));
          }
          synchronized (seen) {
            assertTrue(seen.created.isEmpty() || created > seen.created.get(seen.created.size() - 1),
                "one summary per second, never two, never the same second twice: " + seen.created + " then " + created);
            seen.created.add(created);
            if (seen.created.size() == 3) {
              seen.firstThree.complete();
            }
            if (seen.afterStop >= 0 && ++seen.afterStop == 2) {
              goOn.flag();
            }
          }
        }));
        ws.writeTextMessage(new JsonObject().put("type", "interest").put("data", new JsonArray().add("summary")).encode());
      }));
    }
    AtomicInteger summariesOnQueueOnly = new AtomicInteger();
    open(webSockets, cluster, 0, token).onComplete(test.succeeding(queueOnly -> {
      open.add(queueOnly);
      queueOnly.textMessageHandler(text -> {
        if ("summary".equals(new JsonObject(text).getString("type"))) {
          summariesOnQueueOnly.incrementAndGet();
        }
      });
      queueOnly.writeTextMessage(new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue")).encode());
    }));
    try {
      Future.all(sockets.stream().map(s -> s.firstThree.future()).toList()).await(20, SECONDS);
    } catch (TimeoutException e) {
      if (test.failed()) {
        throw test.causeOfFailure();
      }
      throw new AssertionError("three summaries on every node's socket within 20 s; got "
          + sockets.stream().map(seen -> {
            synchronized (seen) {
              return seen.created.toString();
            }
          }).toList(), e);
    }

    int tickerNode = tickerNode(cluster, sockets.get(0));
    for (int i = 0; i < 3; i++) {
      if (i != tickerNode) {
        synchronized (sockets.get(i)) {
          sockets.get(i).afterStop = 0;
        }
      }
    }
    cluster.node(tickerNode).stop().await();
    assertTrue(test.awaitCompletion(8, SECONDS), "summaries go on after the ticker left, on both other nodes");
    if (test.failed()) {
      throw test.causeOfFailure();
    }
    // Closed here: a client Vert.x closing with sockets open waits out its shutdown grace period.
    Future.all(List.copyOf(open).stream().map(WebSocket::close).toList()).await(30, SECONDS);
    webSockets.close();
    assertEquals(0, summariesOnQueueOnly.get(), "no summary for a socket that asked only for the queue");
  }

  /** The node that claimed the newest second this socket got. */
  private static int tickerNode(TestCluster cluster, Summaries seen) {
    long lastSecond;
    synchronized (seen) {
      lastSecond = seen.created.get(seen.created.size() - 1) / 1000;
    }
    var claims = cluster.node(0).hazelcast().<Long, String>getMap(ClusterNames.CLAIMS_MAP);
    String ticker = claims.get(SecondClaims.primaryKey(lastSecond));
    if (ticker == null) {
      ticker = claims.get(SecondClaims.fallbackKey(lastSecond));
    }
    assertNotNull(ticker);
    for (int i = 0; i < 3; i++) {
      if (cluster.node(i).hazelcast().getCluster().getLocalMember().getUuid().toString().equals(ticker)) {
        return i;
      }
    }
    throw new AssertionError("no node claimed second " + lastSecond);
  }

  private static Future<WebSocket> open(WebSocketClient webSockets, TestCluster cluster, int node, String token) {
    return webSockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(cluster.node(node).config().httpPort()).setURI("/api/v1/ws")
        .addHeader("Authorization", "Bearer " + token));
  }
}
