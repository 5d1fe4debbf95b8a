package io.jobwatch.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node processes on a machine without io_uring, as in a container whose seccomp profile refuses
 * it (Netty's {@code -Dio.netty.transport.noNative=true} makes it unavailable here): with
 * {@code auto} a node starts on NIO and says so; one told {@code JOBWATCH_TRANSPORT=io_uring} does not start and
 * says why.
 */
class TransportFallbackIT {
  private static final Map<String, String> NO_NATIVE = Map.of("JAVA_TOOL_OPTIONS", "-Dio.netty.transport.noNative=true",
      "JOBWATCH_TRANSPORT", "auto");

  @Test
  void verifiesThatANodeWithoutIoUringServesOnNioAndSaysSo() throws Exception {
    try (NodeProcesses nodes = new NodeProcesses(1, "transport-auto", NO_NATIVE)) {
      nodes.awaitReady(Duration.ofMinutes(2));
      String log = Files.readString(nodes.log(0));
      assertTrue(log.contains("io_uring is not available"), log);
      assertTrue(log.contains(" (NIO), cluster member"), log);
    }
  }

  @Test
  void verifiesThatANodeThatRequiresIoUringWithoutItDoesNotStartAndSaysWhy() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(NO_NATIVE);
    env.put("JOBWATCH_TRANSPORT", "io_uring");
    try (NodeProcesses nodes = new NodeProcesses(1, "transport-required", env)) {
      Process node = nodes.process(0);
      assertTrue(node.waitFor(2, TimeUnit.MINUTES), "the node ended");
      assertEquals(1, node.exitValue());
      String log = Files.readString(nodes.log(0));
      assertTrue(log.contains("Jobwatch node failed to start: JOBWATCH_TRANSPORT=io_uring, but io_uring is not available here"), log);
    }
  }
}
