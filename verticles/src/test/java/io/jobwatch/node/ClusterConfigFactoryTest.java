package io.jobwatch.node;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import io.jobwatch.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Hazelcast configuration a node builds from the cluster file and its environment. */
class ClusterConfigFactoryTest {
  private static final String PARTITION_THREADS = ClusterProperty.PARTITION_OPERATION_THREAD_COUNT.getName();

  @Test
  void verifiesThatAMemberRunsOnePartitionThreadPerEventLoop() {
    String name = "partition-threads-" + UUID.randomUUID();
    String port = Integer.toString(FreePorts.next());
    NodeConfig node = NodeConfig.from(Map.of("JOBWATCH_EVENT_LOOPS", "1", "JOBWATCH_CLUSTER_NAME", name,
        "JOBWATCH_CLUSTER_PORT", port, "JOBWATCH_CLUSTER_MEMBERS", "127.0.0.1:" + port));
    Config config = ClusterConfigFactory.create(node).setInstanceName(name);
    assertEquals("1", config.getProperty(PARTITION_THREADS));
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    try {
      long threads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("hz." + name + ".partition-operation.thread-")).count();
      assertEquals(1, threads, "partition threads of the started member");
    } finally {
      member.shutdown();
    }
  }

  @Test
  void verifiesThatPartitionThreadsFollowTheEventLoops() {
    NodeConfig node = NodeConfig.from(Map.of("JOBWATCH_EVENT_LOOPS", "3"));
    assertEquals("3", ClusterConfigFactory.create(node).getProperty(PARTITION_THREADS));
  }

  @Test
  void verifiesThatACountInTheClusterFileIsKept(@TempDir Path dir) throws IOException {
    String packaged;
    try (InputStream in = ClusterConfigFactory.class.getClassLoader().getResourceAsStream(ClusterConfigFactory.DEFAULT_RESOURCE)) {
      packaged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = dir.resolve("cluster.xml");
    Files.writeString(file, packaged.replace("<properties>",
        "<properties>\n    <property name=\"" + PARTITION_THREADS + "\">4</property>"));
    NodeConfig node = NodeConfig.from(Map.of("JOBWATCH_EVENT_LOOPS", "1", "JOBWATCH_CLUSTER_CONFIG", file.toString()));
    assertEquals("4", ClusterConfigFactory.create(node).getProperty(PARTITION_THREADS));
  }
}
