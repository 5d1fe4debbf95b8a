package io.jobwatch.it;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node processes; the ticking node is frozen with SIGSTOP, then thawed with SIGCONT.
 * Sockets on the other nodes keep getting one summary per second: another node takes over, and
 * the thawed node's late publishing never makes a second arrive twice.
 */
class TickerPauseIT {
  private static final String TICKING = "this node now publishes the queue summary";

  @Test
  void verifiesOneSummaryPerSecondThroughAPausedAndResumedTicker() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (NodeProcesses nodes = new NodeProcesses(3, "ticker-pause")) {
      List<Api> apis = new ArrayList<>();
      for (int port : nodes.httpPorts) {
        apis.add(Api.to(vertx, port));
      }
      await().atMost(180, SECONDS).ignoreExceptions()
          .until(() -> apis.stream().allMatch(a -> a.get("/ready").status() == 200));
      await().atMost(30, SECONDS).until(() -> ticker(nodes) >= 0);
      int ticker = ticker(nodes);
      String token = apis.get(0).post("/login", new JsonObject().put("username", "admin")
          .put("password", NodeProcesses.ADMIN_PASSWORD)).json().getString("token");
      List<WsClient> sockets = new ArrayList<>();
      List<List<Long>> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        if (i != ticker) {
          WsClient ws = WsClient.connect(vertx, nodes.httpPorts.get(i), token, null);
          ws.send(new JsonObject().put("type", "interest").put("data", new JsonArray().add("summary")));
          sockets.add(ws);
          seen.add(new ArrayList<>());
        }
      }
      collect(sockets, seen, 3);
      nodes.signal(ticker, "STOP");
      collect(sockets, seen, 12);
      nodes.signal(ticker, "CONT");
      collect(sockets, seen, 8);
      for (List<Long> created : seen) {
        for (int i = 1; i < created.size(); i++) {
          assertTrue(created.get(i) > created.get(i - 1), "never a second twice or backwards: " + created);
        }
        long longGaps = 0;
        for (int i = 1; i < created.size(); i++) {
          if (created.get(i) - created.get(i - 1) > 10_000) {
            longGaps++;
          }
        }
        assertTrue(longGaps == 0, "summaries resumed within 10 s of the pause: " + created);
        assertTrue(created.size() >= 12, "summaries kept coming (" + created.size() + " in 23 s)");
      }
      sockets.forEach(WsClient::close);
      apis.forEach(Api::close);
    } finally {
      vertx.close().await();
    }
  }

  /** Reads summaries from every socket for about this many seconds. */
  private static void collect(List<WsClient> sockets, List<List<Long>> seen, int seconds) {
    long until = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < until) {
      for (int i = 0; i < sockets.size(); i++) {
        JsonObject m;
        while ((m = sockets.get(i).next(0)) != null) {
          if ("summary".equals(m.getString("type"))) {
            seen.get(i).add(Instant.parse(m.getString("created")).toEpochMilli());
          }
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The node whose log says it ticks last, or -1. */
  private static int ticker(NodeProcesses nodes) throws Exception {
    int found = -1;
    String latest = "";
    for (int i = 0; i < 3; i++) {
      for (String line : Files.readAllLines(nodes.log(i))) {
        if (line.contains(TICKING) && line.compareTo(latest) > 0) {
          latest = line;
          found = i;
        }
      }
    }
    return found;
  }
}
