package io.jobwatch.testing;

import io.jobwatch.node.JobwatchNode;
import io.jobwatch.node.Launcher;
import io.jobwatch.node.NodeConfig;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

/**
 * Real Jobwatch nodes in this JVM, clustered over Hazelcast on 127.0.0.1 under a random cluster
 * name (so parallel or leftover clusters never mix), each with its own HTTP and member port.
 */
public final class TestCluster implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-password-1";
  public static final String JWT_SECRET = "test-secret-0123456789-0123456789-0123456789";

  static {
    Launcher.configureLogging();
  }

  private final List<JobwatchNode> nodes = new ArrayList<>();
  private final List<Api> apis = new ArrayList<>();
  private final Map<String, String> env;

  private TestCluster(Map<String, String> env) {
    this.env = env;
  }

  /** {@code size} nodes with the test defaults, overridden by {@code extraEnv}. */
  public static TestCluster start(int size, Map<String, String> extraEnv) {
    List<Integer> memberPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      memberPorts.add(FreePorts.next());
    }
    Map<String, String> env = new HashMap<>();
    env.put("JOBWATCH_CLUSTER_NAME", "jobwatch-test-" + UUID.randomUUID());
    env.put("JOBWATCH_CLUSTER_MEMBERS", memberPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    env.put("JOBWATCH_JWT_SECRET", JWT_SECRET);
    env.put("JOBWATCH_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("JOBWATCH_PASSWORD_ITERATIONS", "1000");
    // Two loops per node whatever the machine (a 2-core one defaults to one): sockets and
    // followers on different loops of one node stay tested.
    env.put("JOBWATCH_EVENT_LOOPS", "2");
    env.putAll(extraEnv);
    TestCluster cluster = new TestCluster(env);
    try {
      // With split-brain protection a node starts only once it sees the majority: start them together.
      boolean together = Integer.parseInt(env.getOrDefault("JOBWATCH_MIN_MEMBERS", "1")) > 1;
      List<Future<JobwatchNode>> starting = new ArrayList<>();
      for (int port : memberPorts) {
        Future<JobwatchNode> node = cluster.startNode(port);
        if (!together) {
          node.await();
        }
        starting.add(node);
      }
      for (Future<JobwatchNode> node : starting) {
        cluster.add(node.await());
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  public static TestCluster start(int size) {
    return start(size, Map.of());
  }

  private Future<JobwatchNode> startNode(int memberPort) {
    Map<String, String> nodeEnv = new HashMap<>(env);
    nodeEnv.values().removeIf(v -> v == null);
    nodeEnv.put("JOBWATCH_CLUSTER_PORT", Integer.toString(memberPort));
    nodeEnv.put("JOBWATCH_HTTP_PORT", Integer.toString(FreePorts.next()));
    return JobwatchNode.start(NodeConfig.from(nodeEnv));
  }

  private void add(JobwatchNode node) {
    nodes.add(node);
    apis.add(new Api(node.vertx(), node.config().httpPort()));
  }

  public JobwatchNode node(int i) {
    return nodes.get(i);
  }

  /** An HTTP client of node {@code i}. */
  public Api api(int i) {
    return apis.get(i);
  }

  /** A token of this user, from {@code POST /login} on node 0; fails the test when the login is refused. */
  public String token(String user, String password) {
    Api.Response r = api(0).post("/login", new io.vertx.core.json.JsonObject().put("username", user)
        .put("password", password));
    if (r.status() != 200) {
      throw new AssertionError("login of " + user + " failed: " + r);
    }
    return r.json().getString("token");
  }

  /** The admin's token. */
  public String adminToken() {
    return token("admin", ADMIN_PASSWORD);
  }

  public int size() {
    return nodes.size();
  }

  @Override
  public void close() {
    // Let partitions settle first, so a closing node never takes the only copy of data with it.
    if (!nodes.isEmpty()) {
      await().atMost(30, SECONDS).until(() -> nodes.stream()
          .allMatch(n -> !n.hazelcast().getLifecycleService().isRunning()
              || n.hazelcast().getPartitionService().isClusterSafe()));
    }
    for (Api api : apis) {
      api.close();
    }
    Future.join(nodes.stream().map(JobwatchNode::stop).toList()).await();
  }

}
