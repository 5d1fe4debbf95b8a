package io.jobwatch.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics} (PROTOCOL.md §2 Operations): scraped without a JWT; with
 * {@code JOBWATCH_METRICS_TOKEN} set, only with {@code Authorization: Bearer <that token>}.
 */
public final class MetricsEndpoint {
  private MetricsEndpoint() {
  }

  /** The handler for the route; {@code scrapeToken} may be null (open). */
  public static Handler<RoutingContext> handler(PrometheusMeterRegistry registry, String scrapeToken) {
    Handler<RoutingContext> scrape = PrometheusScrapingHandler.create(registry);
    if (scrapeToken == null) {
      return scrape;
    }
    byte[] expected = ("Bearer " + scrapeToken).getBytes(StandardCharsets.UTF_8);
    return ctx -> {
      String given = ctx.request().getHeader("authorization");
      // Compared in constant time: the token must not leak through timing.
      if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        scrape.handle(ctx);
      } else {
        ApiError refusal = ApiError.unauthenticated("/metrics needs Authorization: Bearer <JOBWATCH_METRICS_TOKEN>");
        ctx.response().setStatusCode(refusal.status()).putHeader("content-type", "application/json")
            .end(refusal.toJson().toBuffer());
      }
    };
  }
}
