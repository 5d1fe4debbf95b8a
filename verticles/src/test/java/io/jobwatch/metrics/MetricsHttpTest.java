package io.jobwatch.metrics;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.FreePorts;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.Tokens;
import io.jobwatch.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/metrics} (PROTOCOL.md §2 Operations): Prometheus text without a JWT, with
 * Vert.x's HTTP meters by route, the JVM's, the cluster's and the hub's own; a scrape token or a
 * port of its own by configuration.
 */
class MetricsHttpTest {

  private static HttpResponse<Buffer> scrape(TestCluster cluster, int port, String path, String authorization) {
    WebClient client = WebClient.create(cluster.node(0).vertx());
    try {
      var request = client.get(port, "127.0.0.1", path);
      if (authorization != null) {
        request.putHeader("Authorization", authorization);
      }
      return request.send().await();
    } finally {
      client.close();
    }
  }

  private static String metrics(TestCluster cluster) {
    HttpResponse<Buffer> r = scrape(cluster, cluster.node(0).config().httpPort(), "/api/v1/metrics", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertTrue(r.getHeader("content-type").startsWith("text/plain"), r.getHeader("content-type"));
    return r.bodyAsString();
  }

  @Test
  void verifiesThatMetricsAreScrapedWithoutATokenAndCarryHttpJvmClusterAndHubSeries() {
    try (TestCluster cluster = TestCluster.start(1, Map.of("JOBWATCH_RATE_LIMIT", "5"))) {
      Api admin = cluster.api(0).asAdmin();
      admin.createJob("metrics.job");
      admin.createJob("metrics.job");
      assertEquals(404, admin.get("/jobs/no-such-job").status());
      try (WsClient silent = WsClient.connect(cluster.node(0).vertx(), cluster.node(0).config().httpPort(), "bad", null)) {
        await().atMost(10, SECONDS).until(() -> silent.closeCode() != null);
      }
      for (int i = 0; i < 30; i++) {
        admin.get("/jobs");
      }
      await().atMost(15, SECONDS).until(() -> metrics(cluster).contains("jobwatch_jobs{state=\"pending\"} 2.0"));

      String text = metrics(cluster);
      for (String series : new String[] {
          "vertx_http_server_requests_total{code=\"201\",method=\"POST\",route=\"/api/v1/>/jobs\"}",
          "vertx_http_server_requests_total{code=\"404\",method=\"GET\",route=\"/api/v1/>/jobs/:id\"}",
          "vertx_http_server_response_time_seconds_bucket{code=\"201\",method=\"POST\",route=\"/api/v1/>/jobs\",le=\"0.1\"}",
          "vertx_eventbus_", "jvm_memory_used_bytes{area=\"heap\"", "jvm_gc_", "jvm_threads_live_threads",
          "jobwatch_cluster_members 1.0", "jobwatch_cluster_migrating 0.0", "jobwatch_jobs_owned 2.0",
          "jobwatch_ws_closes_total{code=\"4401\"} 1.0", "jobwatch_rate_limited_total{limit=\"requests\"}",
          "jobwatch_summary_tick_seconds_count", "jobwatch_summary_takeovers_total 1.0"}) {
        assertTrue(text.contains(series), "no " + series + " in\n" + text);
      }
    }
  }

  @Test
  void verifiesThatChangesTheQueueHeadAndQueueSubscribersAreCounted() {
    try (TestCluster cluster = TestCluster.start(1)) {
      Api admin = cluster.api(0).asAdmin();
      try (WsClient ws = WsClient.connect(cluster, 0, Tokens.adminExpiringIn(600))) {
        ws.send(new JsonObject().put("type", "interest").put("data", new io.vertx.core.json.JsonArray().add("queue")));
        assertEquals("interest", ws.next("interest", 10).getString("type"));
        String jobId = admin.createJob("metrics.counted").getString("jobId");
        admin.createJob("metrics.counted");
        assertEquals(200, admin.event(jobId, "request_start_job").status());
        assertEquals(409, admin.event(jobId, "restart_stopped").status(), "a refused change is not counted");
        await().atMost(15, SECONDS).until(() -> {
          String text = metrics(cluster);
          return text.contains("jobwatch_changes_total 3.0") && text.contains("jobwatch_queue_head_offset 2.0")
              && text.contains("jobwatch_queue_subscribers 1.0") && text.contains("jobwatch_queue_subscriber_lag_max 0.0");
        });
        assertTrue(metrics(cluster).contains("jobwatch_queue_window_oldest_offset 0.0"));
      }
      await().atMost(15, SECONDS).until(() -> metrics(cluster).contains("jobwatch_queue_subscribers 0.0"));
    }
  }

  @Test
  void verifiesThatAScrapeTokenIsRequiredWhenConfigured() {
    try (TestCluster cluster = TestCluster.start(1, Map.of("JOBWATCH_METRICS_TOKEN", "scrape-secret"))) {
      int port = cluster.node(0).config().httpPort();
      HttpResponse<Buffer> none = scrape(cluster, port, "/api/v1/metrics", null);
      assertEquals(401, none.statusCode());
      assertEquals("unauthenticated", new JsonObject(none.bodyAsString()).getString("error"));
      assertEquals(401, scrape(cluster, port, "/api/v1/metrics", "Bearer wrong").statusCode());
      assertEquals(401, scrape(cluster, port, "/api/v1/metrics", "Bearer " + TestCluster.JWT_SECRET).statusCode());
      assertEquals(200, scrape(cluster, port, "/api/v1/metrics", "Bearer scrape-secret").statusCode());
    }
  }

  @Test
  void verifiesThatMetricsMoveToTheirOwnPortWhenConfigured() {
    int metricsPort = FreePorts.next();
    try (TestCluster cluster = TestCluster.start(1, Map.of("JOBWATCH_METRICS_PORT", Integer.toString(metricsPort)))) {
      HttpResponse<Buffer> own = scrape(cluster, metricsPort, "/metrics", null);
      assertEquals(200, own.statusCode());
      assertTrue(own.bodyAsString().contains("jobwatch_cluster_members"));
      assertNotEquals(200, scrape(cluster, cluster.node(0).config().httpPort(), "/api/v1/metrics", null).statusCode(),
          "not on the API port any more");
    }
  }
}
