package io.jobwatch.node;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jobwatch.auth.Passwords;
import io.jobwatch.auth.RateLimits;
import io.jobwatch.auth.Revocations;
import io.jobwatch.auth.TokenService;
import io.jobwatch.auth.UserStore;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.Majority;
import io.jobwatch.cluster.UnconfirmedWrites;
import io.jobwatch.gateway.QueueWindow;
import io.jobwatch.http.HttpApiVerticle;
import io.jobwatch.http.HttpNodeState;
import io.jobwatch.metrics.ClusterMeters;
import io.jobwatch.metrics.HubMetrics;
import io.jobwatch.metrics.LatencyBuckets;
import io.jobwatch.metrics.MetricsEndpoint;
import io.jobwatch.metrics.MicrometerHubMetrics;
import io.jobwatch.metrics.NodeMetricsFactory;
import io.jobwatch.registry.CapacityGuard;
import io.jobwatch.registry.FollowNotifier;
import io.jobwatch.registry.QueueSummary;
import io.jobwatch.registry.Watchdogs;
import io.jobwatch.ticker.SummaryTickerVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.ext.web.Router;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Jobwatch node: a clustered Vert.x on Hazelcast with the registry and the HTTP API deployed.
 * {@link #start} returns once the node serves; {@link #stop} leaves the cluster cleanly.
 */
public final class JobwatchNode {
  private static final Logger LOG = Logger.getLogger(JobwatchNode.class.getName());
  private static final String JWT_SECRET_KEY = "jwt.hs256.secret";
  private static final long SAFE_WAIT_MS = 60_000;
  /** The member attribute by which vertx-hazelcast knows a member's Vert.x node id. */
  private static final String VERTX_NODE_ID = "__vertx.nodeId";
  private static final int VERTX_JOIN_ATTEMPTS = 3;

  private final NodeConfig config;
  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final Readiness readiness = new Readiness();
  private final PrometheusMeterRegistry meters;
  private final HubMetrics metrics;

  private JobwatchNode(NodeConfig config, Vertx vertx, HazelcastInstance hazelcast, PrometheusMeterRegistry meters) {
    this.config = config;
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.meters = meters;
    this.metrics = new MicrometerHubMetrics(meters);
  }

  public static Future<JobwatchNode> start(NodeConfig config) {
    Transport transport;
    try {
      transport = NetworkTransport.of(config.transport());
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    Config clusterConfig = ClusterConfigFactory.create(config);
    clusterConfig.getMemberAttributeConfig().setAttribute(VERTX_NODE_ID, UUID.randomUUID().toString());
    CompletableFuture<HazelcastInstance> joined = CompletableFuture.supplyAsync(() -> join(clusterConfig),
        task -> new Thread(task, "jobwatch-join").start());
    // One registry per node (several nodes may share a JVM in tests), for Vert.x's meters and ours.
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    meters.config().meterFilter(new LatencyBuckets());
    return Future.fromCompletionStage(joined).compose(hazelcast -> clusteredVertx(hazelcast, meters, transport, VERTX_JOIN_ATTEMPTS)
        .compose(vertx -> {
              JobwatchNode node = new JobwatchNode(config, vertx, hazelcast, meters);
          return node.deployAll().map(node).recover(t -> {
            // Said now: stopping may take a while, and the start's failure is what the operator needs.
            LOG.log(Level.SEVERE, "Jobwatch node could not start its services: " + t, t);
            return node.stop().timeout(config.stopTimeoutSeconds(), TimeUnit.SECONDS)
                .transform(x -> Future.failedFuture(t));
          });
        })
        .onFailure(t -> hazelcast.getLifecycleService().terminate()));
  }

  /**
   * Joins the Hazelcast cluster and waits (bounded) until no partition migrates: writes made
   * while partitions move can miss their backup's acknowledgement, and with
   * {@code fail.on.indeterminate.state} they fail (Vert.x's own join writes among them).
   */
  private static HazelcastInstance join(Config clusterConfig) {
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(clusterConfig);
    // With split-brain protection nothing of the jobs can be read before the majority is there
    // (not even by this node's own start), however long that takes.
    long nextReport = 0;
    while (!Majority.holds(hazelcast)) {
      if (System.currentTimeMillis() >= nextReport) {
        LOG.info("waiting for a majority of the cluster (JOBWATCH_MIN_MEMBERS); "
            + hazelcast.getCluster().getMembers().size() + " member(s) so far");
        nextReport = System.currentTimeMillis() + 10_000;
      }
      LockSupport.parkNanos(50_000_000);
    }
    long until = System.currentTimeMillis() + SAFE_WAIT_MS;
    while (!hazelcast.getPartitionService().isClusterSafe() && System.currentTimeMillis() < until) {
      LockSupport.parkNanos(50_000_000);
    }
    if (!hazelcast.getPartitionService().isClusterSafe()) {
      LOG.warning("partitions are still migrating after " + SAFE_WAIT_MS / 1000 + " s; starting anyway");
    }
    return hazelcast;
  }

  /**
   * Vert.x on the joined member. Its start writes to the cluster; when another member joins at
   * that moment the write can fail unconfirmed, and then the start is simply made again.
   */
  private static Future<Vertx> clusteredVertx(HazelcastInstance hazelcast, PrometheusMeterRegistry meters,
                                              Transport transport, int attemptsLeft) {
    return Vertx.builder().with(new VertxOptions().setMetricsOptions(NodeMetricsFactory.options()))
        .withMetrics(new NodeMetricsFactory(meters)).withTransport(transport)
        .withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered()
        .recover(t -> {
          if (attemptsLeft > 1 && UnconfirmedWrites.isCause(t)) {
            LOG.info("Vert.x could not confirm its cluster registration (partitions moving); trying again");
            return clusteredVertx(hazelcast, meters, transport, attemptsLeft - 1);
          }
          return Future.failedFuture(t);
        });
  }

  public Vertx vertx() {
    return vertx;
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  public NodeConfig config() {
    return config;
  }

  public boolean isReady() {
    return readiness.isReady();
  }

  /** Graceful stop: /ready turns 503, requests in flight finish, the node leaves the cluster. */
  public Future<Void> stop() {
    readiness.set(false);
    LOG.info("Jobwatch node stopping: leaving the cluster");
    // The member is ours, not Vert.x's: shut it down gracefully (its partitions migrate) once Vert.x is closed.
    return vertx.close().eventually(() -> Future.fromCompletionStage(CompletableFuture.runAsync(
        () -> hazelcast.getLifecycleService().shutdown(), task -> new Thread(task, "jobwatch-leave").start())))
        .eventually(this::dropMeters);
  }

  /**
   * Removes this node's meters: vertx-micrometer keeps every registry it was given for the life of
   * the JVM (a static map whose values hold their keys), and our gauges hold the queue window and
   * the Hazelcast member, so without this a stopped node (the warm start's, or one of a test)
   * stays in memory (47 MB after a 60 s warm start), scanned again by every old-generation marking.
   */
  private Future<Void> dropMeters() {
    meters.clear();
    meters.close();
    return Future.succeededFuture();
  }

  private Future<Void> deployAll() {
    watchMembership();
    Revocations revocations = new Revocations(vertx, hazelcast);
    return revocations.start().compose(v -> tokenService(revocations)).compose(tokens -> {
      UserStore users = new UserStore(vertx, vertx.getOrCreateContext(), hazelcast,
          new Passwords(config.passwordIterations()));
      CapacityGuard capacity = new CapacityGuard(vertx, hazelcast, config.maxJobs());
      QueueWindow window = new QueueWindow(vertx, hazelcast, config.historyCapacity());
      ClusterMeters.bind(meters, hazelcast, ClusterNames.JOBS_MAP);
      ClusterMeters.bindQueueWindow(meters, window::next, window::oldest);
      NodeServices services = new NodeServices(config, hazelcast, tokens, users, capacity,
          new FollowNotifier(vertx, hazelcast), window, readiness, meters, metrics);
      return users.ensureAdmin(config.adminPassword())
          .compose(v -> capacity.start())
          .compose(v -> vertx.deployVerticle(new SummaryTickerVerticle(services, new QueueSummary(vertx, hazelcast),
              new Watchdogs(config.appMessageTimeoutSeconds()))))
          .compose(v -> deployHttp(services))
          .compose(v -> metricsServer());
    }).onSuccess(v -> {
      readiness.set(true);
      LOG.info("Jobwatch node ready: HTTP " + config.httpHost() + ":" + config.httpPort()
          + (vertx.isNativeTransportEnabled() ? " (io_uring)" : " (NIO)") + ", cluster member "
          + hazelcast.getCluster().getLocalMember().getAddress() + ", " + hazelcast.getCluster().getMembers().size()
          + " member(s) in cluster '" + hazelcast.getConfig().getClusterName() + "'");
    });
  }

  /** One HTTP server (and WebSocket gateway) per event loop, sharing the port. */
  private Future<Void> deployHttp(NodeServices services) {
    HttpNodeState shared = new HttpNodeState(new RateLimits(vertx, hazelcast, config, metrics));
    return vertx.deployVerticle(() -> new HttpApiVerticle(services, shared),
        new DeploymentOptions().setInstances(config.eventLoops())).mapEmpty();
  }

  /** {@code /metrics} on its own port when {@code JOBWATCH_METRICS_PORT} is set (else the API port serves it). */
  private Future<Void> metricsServer() {
    if (config.metricsPort() == null) {
      return Future.succeededFuture();
    }
    Router router = Router.router(vertx);
    router.get("/metrics").handler(MetricsEndpoint.handler(meters, config.metricsToken()));
    return vertx.createHttpServer().requestHandler(router).listen(config.metricsPort(), config.httpHost()).mapEmpty();
  }

  /**
   * HS256 secret: JOBWATCH_JWT_SECRET, or, unless tokens come only from an outside issuer, one
   * generated secret kept in the cluster so that a token from one node works on all of them.
   */
  private Future<TokenService> tokenService(Revocations revocations) {
    if (config.jwtSecret() != null || config.jwtPublicKey() != null) {
      return Future.succeededFuture(TokenService.create(vertx, config, config.jwtSecret(), revocations));
    }
    return vertx.executeBlocking(() -> {
      IMap<String, String> settings = hazelcast.getMap(ClusterNames.SETTINGS_MAP);
      byte[] random = new byte[48];
      new SecureRandom().nextBytes(random);
      String mine = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      // Members starting together move partitions: a write left unconfirmed is made again, and a
      // repeat that finds this node's own secret means it was stored.
      String existing = UnconfirmedWrites.repeat(() -> settings.putIfAbsent(JWT_SECRET_KEY, mine));
      if (existing == null || existing.equals(mine)) {
        LOG.warning("JOBWATCH_JWT_SECRET is not set: generated a JWT secret for this cluster; tokens die with the "
            + "cluster. Set JOBWATCH_JWT_SECRET in production.");
      }
      return existing != null ? existing : mine;
    }, false).map(secret -> TokenService.create(vertx, config, secret, revocations));
  }

  private void watchMembership() {
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        LOG.info("cluster member joined: " + event.getMember().getAddress() + " (" + event.getMembers().size()
            + " members)");
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        LOG.warning("cluster member left: " + event.getMember().getAddress() + " (" + event.getMembers().size()
            + " members)");
      }
    });
  }
}
