package io.jobwatch.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.jobwatch.auth.AuthSerializables;
import io.jobwatch.auth.RateLimits;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.registry.serialization.Serializers;
import io.jobwatch.ticker.TickerSerializables;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds the Hazelcast configuration of a node: the root {@code cluster.xml} (packaged in the
 * jar) or the file named by {@code JOBWATCH_CLUSTER_CONFIG}, then the environment's overrides.
 */
public final class ClusterConfigFactory {
  public static final String DEFAULT_RESOURCE = "cluster.xml";
  private static final int DEFAULT_MEMBER_PORT = 5701;

  private ClusterConfigFactory() {
  }

  public static Config create(NodeConfig node) {
    Config config = load(node.clusterConfigPath());
    if (node.clusterName() != null) {
      config.setClusterName(node.clusterName());
    }
    NetworkConfig network = config.getNetworkConfig();
    if (node.clusterPort() != null) {
      network.setPort(node.clusterPort()).setPortAutoIncrement(false);
    }
    if (node.clusterHost() != null && network.getInterfaces().isEnabled()) {
      network.getInterfaces().setInterfaces(List.of(node.clusterHost()));
    }
    if (node.kubernetesServiceDns() != null) {
      // Kubernetes: members are the addresses behind a headless service (DNS lookup, no API rights).
      JoinConfig join = network.getJoin();
      join.getTcpIpConfig().setEnabled(false);
      join.getMulticastConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", node.kubernetesServiceDns());
      network.setPortAutoIncrement(false);
    } else if (!node.clusterMembers().isEmpty()) {
      JoinConfig join = network.getJoin();
      join.getTcpIpConfig().setEnabled(true).setMembers(node.clusterMembers().stream()
          .map(m -> m.contains(":") ? m : m + ":" + DEFAULT_MEMBER_PORT).toList());
      join.getMulticastConfig().setEnabled(false);
    }
    config.getRingbufferConfig(ClusterNames.HISTORY_RINGBUFFER).setCapacity(node.historyCapacity());
    if (node.minMembers() > 1) {
      // A member cut off from the majority answers 503 instead of acknowledging changes that the
      // split-brain merge would later throw away (and instead of serving what it alone still holds).
      config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(ClusterNames.MAJORITY, true, node.minMembers())
          .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
      // What a cut-off member holds when it is merged back are stale copies (it accepted no change):
      // the majority's data stays as it is.
      MergePolicyConfig majorityWins = new MergePolicyConfig(DiscardMergePolicy.class.getName(),
          MergePolicyConfig.DEFAULT_BATCH_SIZE);
      config.getMapConfig(ClusterNames.JOBS_MAP).setSplitBrainProtectionName(ClusterNames.MAJORITY)
          .setMergePolicyConfig(majorityWins);
      config.getRingbufferConfig(ClusterNames.HISTORY_RINGBUFFER).setSplitBrainProtectionName(ClusterNames.MAJORITY)
          .setMergePolicyConfig(majorityWins);
      // Identity too: a user changed or a token revoked on a cut-off member would be thrown away by
      // the merge (a revoked token valid again), so such a member refuses those changes as well.
      for (String map : List.of(ClusterNames.USERS_MAP, ClusterNames.SETTINGS_MAP, ClusterNames.TOKEN_FLOORS_MAP)) {
        config.getMapConfig(map).setSplitBrainProtectionName(ClusterNames.MAJORITY).setMergePolicyConfig(majorityWins);
      }
    }
    partitionThreads(config, node.eventLoops());
    config.getRingbufferConfig(ClusterNames.SNAPSHOT_RINGBUFFER).setCapacity(Math.max(1, node.snapshotCapacity()));
    Serializers.register(config);
    AuthSerializables.register(config);
    RateLimits.register(config);
    TickerSerializables.register(config);
    return config;
  }

  /**
   * One partition thread per event loop unless the cluster file (or {@code -D}) names a count.
   * Hazelcast's default is one per core, at least two; each change is a short entry processor
   * handed from a loop to a partition thread, and fewer threads are woken less often: on two
   * cores one thread cost about 5 % less server CPU per call than two, over HTTP and over the
   * worker channel (README, Performance).
   */
  private static void partitionThreads(Config config, int eventLoops) {
    String name = ClusterProperty.PARTITION_OPERATION_THREAD_COUNT.getName();
    if (config.getProperty(name) == null && System.getProperty(name) == null) {
      config.setProperty(name, Integer.toString(eventLoops));
    }
  }

  private static Config load(String path) {
    try (InputStream in = path != null ? new FileInputStream(path)
        : ClusterConfigFactory.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is not on the classpath");
      }
      return new XmlConfigBuilder(in).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cluster configuration " + path, e);
    }
  }
}
