package io.jobwatch.http;

import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.cluster.Majority;
import io.jobwatch.node.Readiness;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;

import java.util.stream.Collectors;

/**
 * {@code /health}, {@code /ready} and {@code /health/cluster}, as vertx-health-checks procedures.
 * <ul>
 *   <li>{@code /health}: the process answers (200 while it lives).</li>
 *   <li>{@code /ready}: {@code node} (joined, its services started, not stopping) and
 *   {@code cluster} (its Hazelcast member runs and, with {@code JOBWATCH_MIN_MEMBERS}, sees a
 *   majority: a member cut off from it leaves the load balancer). A node joining waits for
 *   partition migration to settle before it turns ready, so a rolling restart that waits for
 *   {@code /ready} never stops the next node while partitions still move to this one.</li>
 *   <li>{@code /health/cluster}: vertx-hazelcast's {@link ClusterHealthCheck}, no partition
 *   migrating and every backup in sync. Not part of {@code /ready}: every node would leave the
 *   load balancer at once during each migration.</li>
 * </ul>
 * Up: 200 with the library's body ({@code status}, {@code checks}). Down: 503 with the API's error
 * body ({@code error: unavailable}) and the same {@code checks}.
 */
final class HealthEndpoints {
  private final HealthChecks liveness;
  private final HealthChecks readiness;
  private final HealthChecks cluster;

  HealthEndpoints(Vertx vertx, HazelcastInstance hazelcast, Readiness ready) {
    liveness = HealthChecks.create(vertx).register("process", promise -> promise.complete(Status.OK()));
    readiness = HealthChecks.create(vertx)
        .register("node", promise -> promise.complete(new Status().setOk(ready.isReady())))
        .register("cluster", promise -> {
          boolean running = hazelcast.getLifecycleService().isRunning();
          int members = running ? hazelcast.getCluster().getMembers().size() : 0;
          boolean majority = running && Majority.holds(hazelcast);
          promise.complete(new Status().setOk(majority).setData(new JsonObject().put("members", members)
              .put("majority", majority)));
        });
    cluster = HealthChecks.create(vertx).register("cluster-safe", ClusterHealthCheck.createProcedure(vertx));
  }

  void mount(Router api) {
    api.get("/health").handler(ctx -> answer(ctx, liveness, "the process does not answer"));
    api.get("/ready").handler(ctx -> answer(ctx, readiness, "node not ready"));
    api.get("/health/cluster").handler(ctx -> answer(ctx, cluster, "partitions are migrating"));
  }

  private static void answer(RoutingContext ctx, HealthChecks checks, String downMessage) {
    checks.checkStatus().onComplete(ar -> {
      CheckResult result = ar.succeeded() ? ar.result() : CheckResult.from("health", ar.cause());
      JsonObject body = result.toJson();
      if (CheckResult.isUp(result)) {
        Responses.json(ctx, 200, body.toBuffer());
        return;
      }
      JsonArray checksJson = body.getJsonArray("checks", new JsonArray());
      String down = result.getChecks() == null ? "" : result.getChecks().stream().filter(c -> !CheckResult.isUp(c))
          .map(CheckResult::getId).collect(Collectors.joining(", "));
      Responses.json(ctx, 503, ApiError.unavailable(downMessage + (down.isEmpty() ? "" : " (" + down + ")")).toJson()
          .put("checks", checksJson).toBuffer());
    });
  }
}
