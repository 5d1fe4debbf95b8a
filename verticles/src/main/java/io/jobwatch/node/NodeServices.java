package io.jobwatch.node;

import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.auth.TokenService;
import io.jobwatch.auth.UserStore;
import io.jobwatch.gateway.QueueWindow;
import io.jobwatch.metrics.HubMetrics;
import io.jobwatch.registry.CapacityGuard;
import io.jobwatch.registry.FollowNotifier;
import io.jobwatch.registry.Registry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** What the verticles of one node share, made once by {@link JobwatchNode}. */
public record NodeServices(NodeConfig config, HazelcastInstance hazelcast, TokenService tokens, UserStore users,
                           CapacityGuard capacity, FollowNotifier followers, QueueWindow window, Readiness readiness,
                           PrometheusMeterRegistry meters, HubMetrics metrics) {

  /** A registry whose answers complete on {@code context} (each event loop has its own). */
  public Registry registry(Vertx vertx, Context context) {
    return new Registry(config, hazelcast, capacity, followers, metrics, vertx, context);
  }
}
