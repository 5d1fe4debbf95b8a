package io.jobwatch.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A warm start ({@code JOBWATCH_WARMUP_SECONDS}): before a node joins its cluster, it runs its own
 * hot paths for that long against a private node on loopback (its own one-member cluster with a
 * random name, random secret and password, ports of its own), then discards that node. The JIT
 * compiles the code real traffic needs before any user is served: a cold node spends about half
 * of its CPU compiling during its first minute under load (README, Performance). Nothing of it
 * reaches the real cluster: no job, no event, no member.
 */
public final class WarmStart {
  private static final Logger LOG = Logger.getLogger(WarmStart.class.getName());
  private static final long STOP_SECONDS = 30;

  private WarmStart() {
  }

  /** Runs the warm start for {@code seconds} on a private copy of {@code config}; what the load did. */
  static WarmupLoad.Result run(NodeConfig config, int seconds) throws Exception {
    String password = random();
    NodeConfig own = config.privateCopy(freePort(), freePort(), "jobwatch-warmup-" + UUID.randomUUID(), random(),
        password);
    LOG.info("warm start: " + seconds + " s of synthetic jobs on a private node (HTTP 127.0.0.1:" + own.httpPort()
        + ") before this node joins its cluster");
    long started = System.nanoTime();
    JobwatchNode node = JobwatchNode.start(own).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    try {
      WarmupLoad.Result result = new WarmupLoad(own.httpPort()).run("admin", password, Duration.ofSeconds(seconds));
      LOG.info(String.format("warm start done in %.1f s: %,d calls answered, %,d frames received, %,d visits",
          (System.nanoTime() - started) / 1e9, result.calls(), result.frames(), result.visits()));
      return result;
    } finally {
      node.stop().toCompletionStage().toCompletableFuture().get(STOP_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static String random() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
