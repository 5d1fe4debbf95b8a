package io.jobwatch.node;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * All configuration of a node, read once from the environment (PROTOCOL.md §4 plus the
 * additions documented in the README). Nothing else in Jobwatch reads the environment.
 */
public record NodeConfig(
    String httpHost,
    int httpPort,
    String clusterHost,
    Integer clusterPort,
    List<String> clusterMembers,
    String clusterName,
    String clusterConfigPath,
    String kubernetesServiceDns,
    String jwtSecret,
    String jwtPublicKey,
    String jwtIssuer,
    String jwtAudience,
    int tokenTtlSeconds,
    int passwordIterations,
    String adminPassword,
    long retentionSeconds,
    long appMessageTimeoutSeconds,
    long maxJobs,
    int historyCapacity,
    int snapshotCapacity,
    int rateLimitPerSecond,
    int loginFailuresPerMinute,
    int loginAttemptsPerMinute,
    String clientAddressHeader,
    Integer metricsPort,
    String metricsToken,
    int wsAuthTimeoutSeconds,
    int stopTimeoutSeconds,
    int warmupSeconds,
    int minMembers,
    int eventLoops,
    NetworkTransport.Choice transport,
    Limits limits) {

  /** Room a worker-channel call takes besides its body ({@code type}, {@code id}, {@code method}, {@code path}). */
  public static final int CALL_ENVELOPE_BYTES = 4096;

  /** A private node's admin password is random and lives seconds: no need for a slow hash. */
  private static final int PRIVATE_PASSWORD_ITERATIONS = 1000;

  /** Size limits of requests; each refused with 413 {@code too_large} naming the limit. */
  public record Limits(int maxBodyBytes, int maxWsMessageBytes, int maxLineChars, int maxLinesPerBatch, int maxLinesPerAttempt,
                       int eventsKeptPerJob, int maxPerPage) {
  }

  public static NodeConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static NodeConfig from(Map<String, String> env) {
    Reader r = new Reader(env);
    return new NodeConfig(
        r.string("JOBWATCH_HTTP_HOST", "127.0.0.1"),
        r.integer("JOBWATCH_HTTP_PORT", 8080),
        r.string("JOBWATCH_CLUSTER_HOST", "127.0.0.1"),
        r.optionalInteger("JOBWATCH_CLUSTER_PORT"),
        r.list("JOBWATCH_CLUSTER_MEMBERS"),
        r.string("JOBWATCH_CLUSTER_NAME", null),
        r.string("JOBWATCH_CLUSTER_CONFIG", null),
        r.string("JOBWATCH_KUBERNETES_SERVICE_DNS", null),
        r.string("JOBWATCH_JWT_SECRET", null),
        r.string("JOBWATCH_JWT_PUBLIC_KEY", null),
        r.string("JOBWATCH_JWT_ISSUER", "jobwatch"),
        r.string("JOBWATCH_JWT_AUDIENCE", "jobwatch"),
        r.integer("JOBWATCH_TOKEN_TTL", 3600),
        r.integer("JOBWATCH_PASSWORD_ITERATIONS", 210_000),
        r.string("JOBWATCH_ADMIN_PASSWORD", null),
        r.integer("JOBWATCH_RETENTION", 1800),
        r.integer("JOBWATCH_APP_MESSAGE_TIMEOUT", 60),
        r.integer("JOBWATCH_MAX_JOBS", 1_000_000),
        r.integer("JOBWATCH_HISTORY_CAPACITY", 200_000),
        r.integer("JOBWATCH_QUEUE_SNAPSHOTS", 100_000),
        r.integer("JOBWATCH_RATE_LIMIT", 0),
        r.integer("JOBWATCH_LOGIN_FAILURES_PER_MINUTE", 10),
        r.integer("JOBWATCH_LOGIN_ATTEMPTS_PER_MINUTE", 60),
        r.string("JOBWATCH_CLIENT_ADDRESS_HEADER", null),
        r.optionalInteger("JOBWATCH_METRICS_PORT"),
        r.string("JOBWATCH_METRICS_TOKEN", null),
        r.integer("JOBWATCH_WS_AUTH_TIMEOUT", 10),
        r.integer("JOBWATCH_STOP_TIMEOUT", 30),
        r.integer("JOBWATCH_WARMUP_SECONDS", 0),
        r.integer("JOBWATCH_MIN_MEMBERS", 1),
        r.positive("JOBWATCH_EVENT_LOOPS", defaultEventLoops()),
        r.transport("JOBWATCH_TRANSPORT"),
        new Limits(
            r.integer("JOBWATCH_MAX_BODY_BYTES", 1 << 20),
            // A worker-channel call carries a body of up to the HTTP limit, plus its envelope.
            r.integer("JOBWATCH_MAX_WS_MESSAGE_BYTES", r.integer("JOBWATCH_MAX_BODY_BYTES", 1 << 20) + CALL_ENVELOPE_BYTES),
            r.integer("JOBWATCH_MAX_LINE_CHARS", 8192),
            r.integer("JOBWATCH_MAX_LINES_PER_BATCH", 1000),
            r.integer("JOBWATCH_MAX_LINES_PER_ATTEMPT", 100_000),
            r.integer("JOBWATCH_EVENTS_PER_JOB", 100),
            r.integer("JOBWATCH_MAX_PER_PAGE", 1000)));
  }

  /**
   * The configuration of a node of its own one-member cluster on loopback (the warm start's): the
   * given ports, cluster name, secret and admin password; the packaged cluster configuration; no
   * discovery, no outside token issuer, no rate limit, no separate metrics port; NIO sockets, as
   * io_uring drops connections of clients in its own JVM (README, Known gaps) and the warm start's
   * clients are. Limits and capacities stay this node's, so the same code runs.
   */
  public NodeConfig privateCopy(int httpPort, int clusterPort, String clusterName, String jwtSecret,
                                String adminPassword) {
    String loopback = "127.0.0.1";
    return new NodeConfig(loopback, httpPort, loopback, clusterPort, List.of(loopback + ":" + clusterPort), clusterName,
        null, null, jwtSecret, null, jwtIssuer, jwtAudience, tokenTtlSeconds, PRIVATE_PASSWORD_ITERATIONS,
        adminPassword, retentionSeconds, appMessageTimeoutSeconds, maxJobs, historyCapacity, snapshotCapacity, 0,
        loginFailuresPerMinute, loginAttemptsPerMinute, clientAddressHeader, null, null, wsAuthTimeoutSeconds,
        stopTimeoutSeconds, 0, 1, eventLoops, NetworkTransport.Choice.NIO, limits);
  }

  /**
   * Half the cores, at least one: Hazelcast's partition threads (one per core) do a third of a
   * change's work, and on two cores one loop beat two in every W1 run (README, Performance): its
   * work comes in bigger batches, with fewer thread wake-ups.
   */
  private static int defaultEventLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /** Reads typed values and names the variable when one is malformed. */
  private record Reader(Map<String, String> env) {
    String string(String name, String dflt) {
      String v = env.get(name);
      return v == null || v.isBlank() ? dflt : v.trim();
    }

    int integer(String name, int dflt) {
      Integer v = optionalInteger(name);
      return v == null ? dflt : v;
    }

    int positive(String name, int dflt) {
      int n = integer(name, dflt);
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, not '" + n + "'");
      }
      return n;
    }

    Integer optionalInteger(String name) {
      String v = string(name, null);
      if (v == null) {
        return null;
      }
      try {
        int n = Integer.parseInt(v);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a non-negative integer, not '" + v + "'");
      }
    }

    NetworkTransport.Choice transport(String name) {
      String v = string(name, "nio");
      return switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "auto" -> NetworkTransport.Choice.AUTO;
        case "io_uring" -> NetworkTransport.Choice.IO_URING;
        case "nio" -> NetworkTransport.Choice.NIO;
        default -> throw new IllegalArgumentException(name + " must be auto, io_uring or nio, not '" + v + "'");
      };
    }

    List<String> list(String name) {
      String v = string(name, null);
      return v == null ? List.of() : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }
}
