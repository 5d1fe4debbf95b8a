package io.jobwatch.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "tail", mixinStandardHelpOptions = true,
    description = "Print the queue's events as they happen; goes on from another node when one fails.")
final class TailCommand implements Callable<Integer> {
  @Option(names = "--since", paramLabel = "OFFSET", description = "start after this offset (default: from now)")
  Long since;

  @Option(names = "--count", paramLabel = "N", description = "stop after N events")
  Long count;

  @Option(names = "--json", description = "print each event as a line of JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    long[] seen = {0};
    try (Session session = new Session(true)) {
      session.client.queue(since, new io.jobwatch.client.QueueFollow.Listener() {
        @Override
        public void event(JsonObject e) {
          synchronized (seen) {
            if (count != null && seen[0] >= count) {
              return;
            }
            System.out.println(json ? e.encode() : line(e));
            if (count != null && ++seen[0] >= count) {
              done.countDown();
            }
          }
        }

        @Override
        public void historyLost(String message) {
          System.err.println("jobwatch: events were lost: " + message);
        }
      }).await();
      done.await();
      System.out.flush();
      return Jobwatch.Exit.OK;
    }
  }

  private static String line(JsonObject e) {
    JsonObject d = e.getJsonObject("data");
    return e.getLong("offset") + "  " + e.getString("created") + "  " + e.getString("name") + "  "
        + d.getString("jobId") + "  " + d.getString("name") + "  " + d.getString("state") + "  seq=" + d.getLong("seq");
  }
}
