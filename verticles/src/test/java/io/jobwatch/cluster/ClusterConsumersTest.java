package io.jobwatch.cluster;

import io.jobwatch.testing.TestCluster;
import io.vertx.core.eventbus.MessageConsumer;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consumers that other nodes reach, registered again when the cluster leaves a registration unconfirmed. */
class ClusterConsumersTest {

  @Test
  void verifiesThatAConsumerRegisteredOnOneNodeAnswersWhatAnotherNodeSends() throws Exception {
    try (TestCluster cluster = TestCluster.start(2)) {
      MessageConsumer<String> consumer = ClusterConsumers.<String>register(cluster.node(0).vertx(), "test.echo",
          m -> m.reply("echo " + m.body())).await(30, SECONDS);
      assertTrue(consumer.isRegistered());
      String answer = cluster.node(1).vertx().eventBus().<String>request("test.echo", "hello")
          .await(30, SECONDS).body();
      assertEquals("echo hello", answer);
    }
  }
}
