package io.jobwatch.it;

import io.jobwatch.client.ClientOptions;
import io.jobwatch.client.JobFollow;
import io.jobwatch.client.JobHandle;
import io.jobwatch.client.JobwatchClient;
import io.jobwatch.testing.Api;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Three node processes; a worker and a follower, both using the Java client on node 1, while the
 * worker writes 3000 lines. Node 1 is killed with SIGKILL mid-stream: both clients move to another
 * node on their own, and the follower gets every line once, in order.
 */
class ClientKillIT {

  @Test
  void verifiesThatClientsWhoseNodeIsKilledGoOnElsewhereAndTheFollowerGetsEveryLineOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (NodeProcesses nodes = new NodeProcesses(3, "client-kill")) {
      List<Api> apis = new ArrayList<>();
      for (int port : nodes.httpPorts) {
        apis.add(Api.to(vertx, port));
      }
      nodes.awaitReady(Duration.ofMinutes(3));
      List<String> urls = new ArrayList<>();
      for (int i : new int[] {1, 2, 0}) {
        urls.add("http://127.0.0.1:" + nodes.httpPorts.get(i));
      }
      ClientOptions options = ClientOptions.nodes(urls).login("admin", NodeProcesses.ADMIN_PASSWORD)
          .maxBackoff(Duration.ofMillis(500));
      try (JobwatchClient worker = JobwatchClient.connect(vertx, options).await();
           JobwatchClient follower = JobwatchClient.connect(vertx, options).await()) {
        JobHandle job = worker.worker(worker.submit("it.client.kill").await().getString("jobId"));
        job.start().await();
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        follower.follow(job.jobId(), null, 0, new JobFollow.Listener() {
          @Override
          public void lines(int attempt, int firstLine, List<String> lines) {
            assertEquals(heard.size() + 1, firstLine, "no gap, no repeat");
            heard.addAll(lines);
          }
        }).await();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
          lines.add("line " + i);
        }
        Future<Integer> writes = Future.succeededFuture(0);
        for (int i = 0; i < 3000; i += 10) {
          writes = job.log(lines.subList(i, i + 10).toArray(new String[0]));
          if (i == 1000) {
            writes.await();
            await().atMost(30, SECONDS).until(() -> heard.size() >= 500);
            nodes.kill(1);
          }
        }
        assertEquals(3000, writes.await(120, SECONDS));
        await().atMost(120, SECONDS).until(() -> heard.size() >= 3000);
        assertEquals(lines, heard, "every line once, in order");
        JsonObject log = apis.get(2).as("admin", NodeProcesses.ADMIN_PASSWORD)
            .get("/jobs/" + job.jobId() + "/runlog?after=2990").json();
        assertEquals(3000, log.getInteger("lastLine"), "the store has each line once");
      }
      apis.forEach(Api::close);
    } finally {
      vertx.close().await();
    }
  }
}
