package io.jobwatch.gateway;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.node.ClusterConfigFactory;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.testing.FreePorts;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Verifies that the node's queue window, opened at once by sockets of several event loops,
 * answers each on its own loop: a socket's session and outbox are confined to their loop, and a
 * continuation on the window reader's loop raced them (a socket that resumed then got nothing).
 */
@ExtendWith(VertxExtension.class)
class QueueWindowContextTest {
  private static HazelcastInstance member;

  @BeforeAll
  static void member() {
    member = Hazelcast.newHazelcastInstance(ClusterConfigFactory.create(NodeConfig.from(Map.of(
        "JOBWATCH_CLUSTER_NAME", "window-" + UUID.randomUUID(), "JOBWATCH_CLUSTER_PORT",
        Integer.toString(FreePorts.next())))));
  }

  @AfterAll
  static void stop() {
    member.shutdown();
  }

  @Test
  void verifiesThatEveryOpenerOfTheWindowContinuesOnItsOwnEventLoop(Vertx vertx, VertxTestContext test) {
    QueueWindow window = new QueueWindow(vertx, member, 100);
    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    Context third = vertx.getOrCreateContext();
    Checkpoint opened = test.checkpoint(3);
    for (Context loop : new Context[] {first, second, third}) {
      loop.runOnContext(v -> window.open().onComplete(test.succeeding(x -> test.verify(() -> {
        assertSame(loop, Vertx.currentContext(), "continues on the opener's loop");
        opened.flag();
      }))));
    }
    test.verify(() -> assertNotSame(first, second, "distinct event-loop contexts"));
  }
}
