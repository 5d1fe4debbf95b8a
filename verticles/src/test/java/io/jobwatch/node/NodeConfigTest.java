package io.jobwatch.node;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the node's configuration from its environment. */
class NodeConfigTest {
  @Test
  void verifiesThatEventLoopsDefaultToHalfTheCoresAndAtLeastOne() {
    int cores = Runtime.getRuntime().availableProcessors();
    int loops = NodeConfig.from(Map.of()).eventLoops();
    assertEquals(Math.max(1, cores / 2), loops);
    assertTrue(loops >= 1);
  }

  @Test
  void verifiesThatEventLoopsAreTakenFromTheEnvironment() {
    assertEquals(3, NodeConfig.from(Map.of("JOBWATCH_EVENT_LOOPS", "3")).eventLoops());
  }

  @Test
  void verifiesThatNoEventLoopIsRefusedWithTheVariableNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeConfig.from(Map.of("JOBWATCH_EVENT_LOOPS", "0")));
    assertEquals("JOBWATCH_EVENT_LOOPS must be at least 1, not '0'", e.getMessage());
    IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
        () -> NodeConfig.from(Map.of("JOBWATCH_EVENT_LOOPS", "two")));
    assertTrue(word.getMessage().startsWith("JOBWATCH_EVENT_LOOPS must be"), word.getMessage());
  }

  @Test
  void verifiesThatTheTransportIsNioUnlessNamedAndABadOneIsRefused() {
    assertEquals(NetworkTransport.Choice.NIO, NodeConfig.from(Map.of()).transport());
    assertEquals(NetworkTransport.Choice.AUTO, NodeConfig.from(Map.of("JOBWATCH_TRANSPORT", "auto")).transport());
    assertEquals(NetworkTransport.Choice.NIO, NodeConfig.from(Map.of("JOBWATCH_TRANSPORT", "NIO")).transport());
    assertEquals(NetworkTransport.Choice.IO_URING, NodeConfig.from(Map.of("JOBWATCH_TRANSPORT", "io_uring")).transport());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeConfig.from(Map.of("JOBWATCH_TRANSPORT", "epoll")));
    assertEquals("JOBWATCH_TRANSPORT must be auto, io_uring or nio, not 'epoll'", e.getMessage());
  }

  @Test
  void verifiesThatTheWarmStartsPrivateNodeKeepsTheEventLoops() {
    NodeConfig config = NodeConfig.from(Map.of("JOBWATCH_EVENT_LOOPS", "2"));
    assertEquals(2, config.privateCopy(1, 2, "c", "0123456789012345678901234567890123456789", "pw").eventLoops());
  }

  @Test
  void verifiesThatTheWarmStartsPrivateNodeServesOnNioWhateverTheNodesTransport() {
    // io_uring drops connections of clients in its own JVM, and the warm start's clients are (README, Known gaps).
    for (String transport : new String[] {"auto", "io_uring", "nio"}) {
      NodeConfig config = NodeConfig.from(Map.of("JOBWATCH_TRANSPORT", transport));
      assertEquals(NetworkTransport.Choice.NIO,
          config.privateCopy(1, 2, "c", "0123456789012345678901234567890123456789", "pw").transport(), transport);
    }
  }
}
