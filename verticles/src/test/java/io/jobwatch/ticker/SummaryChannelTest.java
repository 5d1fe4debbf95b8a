package io.jobwatch.ticker;

import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three nodes: one summary per second for every socket that asked, from one ticker; another takes over when it leaves. */
@JobwatchCluster(nodes = 3)
class SummaryChannelTest {

  @Test
  void verifiesOneSummaryPerSecondOnEveryNodeAndATakeoverWhenTheTickerLeaves(TestCluster cluster) {
    String token = cluster.adminToken();
    cluster.api(0).asAdmin().createJob("summary.job");
    List<WsClient> sockets = new ArrayList<>();
    for (int node = 0; node < 3; node++) {
      WsClient ws = WsClient.connect(cluster, node, token);
      ws.send(new JsonObject().put("type", "interest").put("data", new JsonArray().add("summary")));
      sockets.add(ws);
    }
    WsClient queueOnly = WsClient.connect(cluster, 0, token);
    queueOnly.send(new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue")));
    try {
      List<List<Long>> seen = new ArrayList<>();
      for (WsClient ws : sockets) {
        assertEquals("interest", ws.next("interest", 10).getString("type"));
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          JsonObject summary = ws.next("summary", 3);
          assertEquals(1, summary.getJsonArray("data").size());
          assertEquals("summary.job", summary.getJsonArray("data").getJsonObject(0).getString("name"));
          created.add(Instant.parse(summary.getString("created")).toEpochMilli());
        }
        seen.add(created);
        for (int i = 1; i < created.size(); i++) {
          assertTrue(created.get(i) > created.get(i - 1), "one summary per second, never two: " + created);
        }
      }
      long lastSecond = seen.get(0).get(seen.get(0).size() - 1) / 1000;
      var claims = cluster.node(0).hazelcast().<Long, String>getMap(ClusterNames.CLAIMS_MAP);
      String ticker = claims.get(SecondClaims.primaryKey(lastSecond));
      if (ticker == null) {
        ticker = claims.get(SecondClaims.fallbackKey(lastSecond));
      }
      assertNotNull(ticker);
      int tickerNode = -1;
      for (int i = 0; i < 3; i++) {
        if (cluster.node(i).hazelcast().getCluster().getLocalMember().getUuid().toString().equals(ticker)) {
          tickerNode = i;
        }
      }
      assertTrue(tickerNode >= 0);
      cluster.node(tickerNode).stop().await();
      for (int i = 0; i < 3; i++) {
        if (i == tickerNode) {
          continue;
        }
        WsClient ws = sockets.get(i);
        long previous = seen.get(i).get(seen.get(i).size() - 1);
        long deadline = System.currentTimeMillis() + 8000;
        int after = 0;
        while (after < 2 && System.currentTimeMillis() < deadline) {
          JsonObject summary = ws.next(1);
          if (summary != null && "summary".equals(summary.getString("type"))) {
            long created = Instant.parse(summary.getString("created")).toEpochMilli();
            assertTrue(created > previous, "never the same second twice");
            previous = created;
            after++;
          }
        }
        assertEquals(2, after, "summaries go on after the ticker left (socket on node " + i + ")");
      }
      JsonObject other;
      while ((other = queueOnly.next(0)) != null) {
        assertTrue(!"summary".equals(other.getString("type")), "no summary for a socket that asked only for the queue");
      }
    } finally {
      sockets.forEach(WsClient::close);
      queueOnly.close();
    }
  }
}
