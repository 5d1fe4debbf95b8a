package io.jobwatch.auth;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.metrics.HubMetrics;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The rate limits of the API, held cluster-wide: bucket4j token buckets kept in the Hazelcast map
 * {@value ClusterNames#RATE_BUCKETS_MAP}, each changed where it lives (bucket4j's entry processors, with its own
 * serializers). A bucket expires once it would be full again, so the map holds only the callers of
 * the last minute, and nobody gets a fresh bucket by making the map big.
 * <ul>
 *   <li>requests per user and second ({@code JOBWATCH_RATE_LIMIT}, 0 = off): counted on each node
 *   and synchronised with the cluster every {@link #SYNC} or tenth of the rate, so a request costs
 *   no cluster round trip, and the whole cluster lets a user through at most the rate plus a tenth
 *   per node;</li>
 *   <li>login attempts per client address and minute ({@code JOBWATCH_LOGIN_ATTEMPTS_PER_MINUTE});</li>
 *   <li>failed logins per user name and minute ({@code JOBWATCH_LOGIN_FAILURES_PER_MINUTE}).</li>
 * </ul>
 * Each limit answers 429 {@code rate_limited} when it is reached.
 */
public final class RateLimits {
  /** Type ids of bucket4j's serializers: {@value} and the few after it. */
  private static final Duration SYNC = Duration.ofMillis(100);
  /** Request buckets whose local share is kept; the cluster keeps every bucket regardless. */
  private static final int CACHED_REQUEST_BUCKETS = 10_000;

  private final Vertx vertx;
  private final HubMetrics metrics;
  private final AsyncProxyManager<String> buckets;
  private final int requestsPerSecond;
  private final BucketConfiguration requests;
  private final BucketConfiguration loginAttempts;
  private final BucketConfiguration loginFailures;
  private final Map<String, AsyncBucketProxy> requestBuckets = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, AsyncBucketProxy> eldest) {
      return size() > CACHED_REQUEST_BUCKETS;
    }
  };

  public RateLimits(Vertx vertx, HazelcastInstance hazelcast, NodeConfig config, HubMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.buckets = Bucket4jHazelcast.entryProcessorBasedBuilder(hazelcast.<String, byte[]>getMap(ClusterNames.RATE_BUCKETS_MAP))
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
        .build().asAsync();
    this.requestsPerSecond = config.rateLimitPerSecond();
    this.requests = perPeriod(requestsPerSecond, Duration.ofSeconds(1));
    this.loginAttempts = perPeriod(config.loginAttemptsPerMinute(), Duration.ofMinutes(1));
    this.loginFailures = perPeriod(config.loginFailuresPerMinute(), Duration.ofMinutes(1));
  }

  /** Lets the members exchange bucket4j's entry processors without Java serialization. */
  public static void register(Config config) {
    HazelcastProxyManager.addCustomSerializers(config.getSerializationConfig(), ClusterNames.RATE_LIMIT_TYPE_BASE);
  }

  /** Takes one request of this user's rate; fails with 429 when there is none left. */
  public Future<Void> request(String user) {
    if (requests == null) {
      return Future.succeededFuture();
    }
    AsyncBucketProxy bucket;
    synchronized (requestBuckets) {
      bucket = requestBuckets.computeIfAbsent(user, u -> buckets.builder()
          .withOptimization(Optimizations.delaying(new DelayParameters(Math.max(1, requestsPerSecond / 10), SYNC)))
          .build("requests:" + u, () -> CompletableFuture.completedFuture(requests)));
    }
    return take(bucket, "requests", "more requests than this user may make; slow down");
  }

  /** Takes one login attempt of this client address; 429 when it has none left this minute. */
  public Future<Void> loginAttempt(String clientAddress) {
    if (loginAttempts == null) {
      return Future.succeededFuture();
    }
    return take(buckets.getProxy("login-address:" + clientAddress, () -> CompletableFuture.completedFuture(loginAttempts)),
        "login_address", "too many logins from this address; wait a minute");
  }

  /**
   * Takes one failure of this user name's allowance before its password is checked (so parallel
   * guesses count too); 429 when none is left. {@link #loginSucceeded} gives it back.
   */
  public Future<Void> loginFailure(String name) {
    if (loginFailures == null) {
      return Future.succeededFuture();
    }
    return take(failures(name), "login_name", "too many failed logins for " + name + "; wait a minute");
  }

  /** Gives back the failure {@link #loginFailure} took: the password was right. */
  public void loginSucceeded(String name) {
    if (loginFailures != null) {
      failures(name).addTokens(1);
    }
  }

  private AsyncBucketProxy failures(String name) {
    return buckets.getProxy("login-failures:" + name, () -> CompletableFuture.completedFuture(loginFailures));
  }

  /** Completes on the caller's context (bucket4j completes on Hazelcast's threads). */
  private Future<Void> take(AsyncBucketProxy bucket, String limit, String refusal) {
    return Future.fromCompletionStage(bucket.tryConsume(1), vertx.getOrCreateContext()).compose(ok -> {
      if (ok) {
        return Future.succeededFuture();
      }
      metrics.rateLimited(limit);
      return Future.failedFuture(new ApiError(429, "rate_limited", refusal));
    });
  }

  /** {@code count} tokens per period, refilled evenly; null (no limit) for 0. */
  private static BucketConfiguration perPeriod(int count, Duration period) {
    if (count <= 0) {
      return null;
    }
    return BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(count).refillGreedy(count, period).build())
        .build();
  }
}
