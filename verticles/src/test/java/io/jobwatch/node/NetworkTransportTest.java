package io.jobwatch.node;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sockets' transport ({@code JOBWATCH_TRANSPORT}): NIO by default, io_uring when asked for
 * ({@code auto}) where the kernel allows it. Each must serve answers, small frames (framed by the
 * gateway) and frames over 16 KiB (framed by Netty). A node without io_uring: TransportFallbackIT.
 */
class NetworkTransportTest {

  @Test
  void verifiesThatAutoIsIoUringWhereTheKernelAllowsIt() {
    assumeTrue(Transport.IO_URING.available(), () -> "io_uring is not available here: " + Transport.IO_URING.unavailabilityCause());
    assertSame(Transport.IO_URING, NetworkTransport.of(NetworkTransport.Choice.AUTO));
    assertSame(Transport.IO_URING, NetworkTransport.of(NetworkTransport.Choice.IO_URING));
    try (TestCluster cluster = TestCluster.start(1, Map.of("JOBWATCH_TRANSPORT", "auto"))) {
      assertTrue(cluster.node(0).vertx().isNativeTransportEnabled());
      assertServesAnswersAndFrames(cluster);
    }
  }

  @Test
  void verifiesThatTheDefaultIsNioAndServesAnswersAndFrames() {
    assertSame(Transport.NIO, NetworkTransport.of(NetworkTransport.Choice.NIO));
    try (TestCluster cluster = TestCluster.start(1)) {
      assertFalse(cluster.node(0).vertx().isNativeTransportEnabled());
      assertServesAnswersAndFrames(cluster);
    }
  }

  private static void assertServesAnswersAndFrames(TestCluster cluster) {
    Api admin = cluster.api(0).asAdmin();
    try (WsClient ws = WsClient.connect(cluster, 0, cluster.adminToken())) {
      ws.send(new JsonObject().put("type", "interest").put("data", new JsonArray().add("queue")));
      ws.next("interest", 10);
      String id = admin.createJob("transport.job").getString("jobId");
      assertEquals(id, ws.next("event", 10).getJsonObject("data").getString("jobId"), "a small frame");
      assertEquals(200, admin.event(id, "request_start_job").status());
      ws.send(new JsonObject().put("type", "subscribe").put("subscriptions",
          new JsonArray().add(new JsonObject().put("jobId", id))));
      ws.next("CURRENT_JOB_STATUS", 10);
      JsonArray lines = new JsonArray();
      for (int i = 0; i < 300; i++) {
        lines.add("line " + i + " " + "x".repeat(200));
      }
      assertEquals(200, admin.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", lines)).status());
      JsonObject log = ws.next("RUNLOG_UPDATED", 10);
      assertEquals(1, log.getInteger("startLine"));
      assertEquals(300, log.getInteger("endLine"), "one frame of about 64 KiB, whole");
      assertEquals(lines, log.getJsonArray("lines"));
    }
  }
}
