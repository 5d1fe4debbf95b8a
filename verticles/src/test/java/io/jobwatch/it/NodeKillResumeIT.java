package io.jobwatch.it;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node processes from the built jar. A worker appends run-log lines with {@code after}
 * through node 0; a client follows the job over WebSocket on node 1; node 1 is killed with
 * SIGKILL mid-stream; the client resumes on node 2. No acknowledged line is lost or repeated,
 * and the jobs created through the dead node are still there.
 */
class NodeKillResumeIT {
  private static final int TOTAL_LINES = 3000;

  @Test
  void verifiesThatAFollowerResumesOnASurvivorAfterItsNodeIsKilled() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (NodeProcesses nodes = new NodeProcesses(3, "kill-resume")) {
      List<Api> apis = new ArrayList<>();
      for (int port : nodes.httpPorts) {
        apis.add(Api.to(vertx, port));
      }
      nodes.awaitReady(Duration.ofMinutes(3));
      Api worker = apis.get(0).as("admin", NodeProcesses.ADMIN_PASSWORD);
      Api viaDoomed = apis.get(1).as("admin", NodeProcesses.ADMIN_PASSWORD);
      String token = apis.get(0).post("/login", new JsonObject().put("username", "admin")
          .put("password", NodeProcesses.ADMIN_PASSWORD)).json().getString("token");

      List<String> createdOnDoomed = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        createdOnDoomed.add(viaDoomed.createJob("it.doomed." + i).getString("jobId"));
      }
      String id = worker.createJob("it.followed").getString("jobId");
      worker.event(id, "request_start_job");

      AtomicInteger acknowledged = new AtomicInteger();
      CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
        while (acknowledged.get() < TOTAL_LINES) {
          int last = acknowledged.get();
          JsonArray batch = new JsonArray();
          for (int k = 1; k <= 5; k++) {
            batch.add("line " + (last + k));
          }
          Api.Response r = worker.post("/jobs/" + id + "/runlog", new JsonObject().put("lines", batch).put("after", last));
          if (r.status() == 200) {
            acknowledged.set(r.json().getInteger("lastLine"));
          } else if (r.status() == 409) {
            acknowledged.set(r.json().getInteger("lastLine"));
          }
        }
      });

      List<String> received = new ArrayList<>();
      long killedAt;
      try (WsClient onDoomed = WsClient.connect(vertx, nodes.httpPorts.get(1), token, null)) {
        onDoomed.send(subscribe(id, 0));
        assertEquals("CURRENT_JOB_STATUS", onDoomed.next("CURRENT_JOB_STATUS", 30).getString("type"));
        while (received.size() < 300) {
          take(onDoomed.next("RUNLOG_UPDATED", 30), received);
        }
        nodes.kill(1);
        killedAt = System.nanoTime();
      }
      long firstResumedLineMs;
      try (WsClient onSurvivor = WsClient.connect(vertx, nodes.httpPorts.get(2), token, null)) {
        onSurvivor.send(subscribe(id, received.size()));
        JsonObject status = onSurvivor.next(60);
        assertEquals("CURRENT_JOB_STATUS", status == null ? null : status.getString("type"), String.valueOf(status));
        take(onSurvivor.next("RUNLOG_UPDATED", 60), received);
        firstResumedLineMs = (System.nanoTime() - killedAt) / 1_000_000;
        writes.get(120, SECONDS);
        while (received.size() < TOTAL_LINES) {
          take(onSurvivor.next("RUNLOG_UPDATED", 60), received);
        }
      }
      assertEquals(TOTAL_LINES, received.size());
      for (int i = 0; i < TOTAL_LINES; i++) {
        assertEquals("line " + (i + 1), received.get(i), "0 lost, 0 repeated");
      }
      for (String job : createdOnDoomed) {
        assertEquals(200, worker.get("/jobs/" + job).status(), "jobs created through the dead node survive");
      }
      String report = "kill -9 of the followed node -> first resumed line on a survivor: " + firstResumedLineMs
          + " ms; lines " + TOTAL_LINES + ", lost 0, repeated 0\n";
      System.out.print(report);
      Files.writeString(Path.of(System.getProperty("jobwatch.it.logs", "target/it-logs"), "kill-resume.txt"), report);
      apis.forEach(Api::close);
    } finally {
      vertx.close().await();
    }
  }

  private static JsonObject subscribe(String jobId, int lastLine) {
    return new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray()
        .add(new JsonObject().put("jobId", jobId).put("attempt", 1).put("lastLine", lastLine)));
  }

  private static void take(JsonObject message, List<String> received) {
    assertEquals(received.size() + 1, message.getInteger("startLine"), "no gap, no repeat: " + message.encode());
    message.getJsonArray("lines").forEach(l -> received.add((String) l));
    assertTrue(message.getInteger("endLine") == received.size());
  }
}
