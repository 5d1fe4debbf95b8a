package io.jobwatch.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.testing.Api;
import io.jobwatch.testing.FreePorts;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm start (JOBWATCH_WARMUP_SECONDS): real traffic on a private node that leaves nothing behind. */
@JobwatchCluster
class WarmStartTest {

  @Test
  void verifiesThatAWarmStartRunsRealTrafficAndLeavesNoTraceInARunningCluster(TestCluster cluster) throws Exception {
    Api admin = cluster.api(0).asAdmin();
    String before = admin.get("/jobs").json().encode();
    Set<HazelcastInstance> instances = Set.copyOf(Hazelcast.getAllHazelcastInstances());
    int members = cluster.node(0).hazelcast().getCluster().getMembers().size();

    NodeConfig config = NodeConfig.from(Map.of("JOBWATCH_ADMIN_PASSWORD", "not-the-private-one",
        "JOBWATCH_CLUSTER_MEMBERS", cluster.node(0).hazelcast().getCluster().getLocalMember().getAddress().getHost()
            + ":" + cluster.node(0).hazelcast().getCluster().getLocalMember().getAddress().getPort()));
    WarmupLoad.Result result = WarmStart.run(config, 2);

    // Two transports, 64 workers, each job 34 calls: some hundreds of calls at the least, and the
    // listeners got events, status and run-log pushes and the channel's replies.
    assertTrue(result.calls() > 300, "calls answered: " + result.calls());
    assertTrue(result.frames() > result.calls() / 2, "frames received: " + result.frames());
    assertTrue(result.visits() > 0, "visits: probes, reads and short-lived sockets answered: " + result.visits());
    assertEquals(before, admin.get("/jobs").json().encode(), "no job of the warm start in the running cluster");
    assertEquals(members, cluster.node(0).hazelcast().getCluster().getMembers().size(), "it never joined");
    Set<String> left = Hazelcast.getAllHazelcastInstances().stream().filter(i -> !instances.contains(i))
        .map(i -> i.getConfig().getClusterName()).collect(Collectors.toSet());
    assertEquals(Set.of(), left, "its private member is shut down");
  }

  @Test
  void verifiesThatThePrivateNodeTakesNothingOfTheRealOnesIdentity() {
    NodeConfig real = NodeConfig.from(Map.of("JOBWATCH_HTTP_HOST", "0.0.0.0", "JOBWATCH_HTTP_PORT", "8080",
        "JOBWATCH_CLUSTER_MEMBERS", "10.0.0.1,10.0.0.2", "JOBWATCH_CLUSTER_CONFIG", "/etc/jobwatch/cluster.xml",
        "JOBWATCH_KUBERNETES_SERVICE_DNS", "jobwatch.default.svc", "JOBWATCH_JWT_SECRET", "x".repeat(40),
        "JOBWATCH_METRICS_PORT", "9090", "JOBWATCH_RATE_LIMIT", "100", "JOBWATCH_WARMUP_SECONDS", "20",
        "JOBWATCH_MIN_MEMBERS", "2"));
    NodeConfig own = real.privateCopy(FreePorts.next(), 15999, "private", "y".repeat(40), "pw");
    assertEquals("127.0.0.1", own.httpHost());
    assertEquals(List.of("127.0.0.1:15999"), own.clusterMembers());
    assertEquals("private", own.clusterName());
    assertEquals(null, own.clusterConfigPath(), "the packaged cluster configuration, whatever the real one");
    assertEquals(null, own.kubernetesServiceDns());
    assertEquals("y".repeat(40), own.jwtSecret());
    assertEquals(null, own.metricsPort());
    assertEquals(0, own.rateLimitPerSecond());
    assertEquals(0, own.warmupSeconds(), "a private node does not warm up itself");
    assertEquals(1, own.minMembers(), "one member is its whole cluster: no split-brain protection");
    assertEquals(real.limits(), own.limits(), "the same limits: the same code runs");
  }
}
