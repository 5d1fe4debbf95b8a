package io.jobwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The HTTP server's meters of a node ({@link NodeMetricsFactory}, {@link HttpRequestMeters}) on a
 * real server and client: the series vertx-micrometer names, by method, sub-router route and status.
 */
class HttpRequestMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Vertx vertx;
  private HttpClient client;
  private int port;

  @BeforeEach
  void startServer() {
    vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(NodeMetricsFactory.options()))
        .withMetrics(new NodeMetricsFactory(registry)).build();
    Router api = Router.router(vertx);
    api.post("/jobs/:id/status").handler(ctx -> ctx.request().body()
        .onSuccess(body -> ctx.response().end("{\"ok\":" + body.length() + "}")));
    api.get("/jobs/:id").handler(ctx -> ctx.response().setStatusCode(404).end());
    Router root = Router.router(vertx);
    root.route("/api/v1/*").subRouter(api);
    root.route("/ws").handler(ctx -> ctx.request().toWebSocket());
    HttpServer server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
    port = server.actualPort();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private HttpClientResponse call(HttpMethod method, String path, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
    return client.request(options).compose(r -> body == null ? r.send() : r.send(Buffer.buffer(body)))
        .compose(r -> r.body().map(b -> r)).await();
  }

  private double count(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void verifiesThatRequestsAreCountedTimedAndSizedByMethodRouteAndStatus() {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, call(HttpMethod.POST, "/api/v1/jobs/j" + i + "/status", "{\"percent\":5}").statusCode());
    }
    assertEquals(404, call(HttpMethod.GET, "/api/v1/jobs/j1", null).statusCode());
    assertEquals(404, call(HttpMethod.GET, "/elsewhere", null).statusCode());

    String[] status = {"method", "POST", "route", "/api/v1/>/jobs/:id/status", "code", "200"};
    assertEquals(3, count("vertx.http.server.requests", status));
    assertEquals(1, count("vertx.http.server.requests", "method", "GET", "route", "/api/v1/>/jobs/:id", "code", "404"));
    assertEquals(1, count("vertx.http.server.requests", "method", "GET", "route", "", "code", "404"));
    Timer time = registry.find("vertx.http.server.response.time").tags(status).timer();
    assertEquals(3, time.count());
    DistributionSummary responseBytes = registry.find("vertx.http.server.response.bytes").tags(status).summary();
    assertEquals(3 * "{\"ok\":13}".length(), responseBytes.totalAmount());
    DistributionSummary requestBytes = registry.find("vertx.http.server.request.bytes").tags("method", "POST").summary();
    assertEquals(3 * "{\"percent\":5}".length(), requestBytes.totalAmount());
    // Requests in flight: none once every answer was read (the gauge may trail the client by a moment).
    Gauge active = registry.find("vertx.http.server.active.requests").tags("method", "POST").gauge();
    await().atMost(5, TimeUnit.SECONDS).until(() -> active.value() == 0);
  }

  @Test
  void verifiesThatWebSocketsAndConnectionsAreStillCountedByVertxMicrometer() {
    WebSocketClient sockets = vertx.createWebSocketClient();
    WebSocket ws = sockets.connect(port, "127.0.0.1", "/ws").await();
    Gauge open = registry.find("vertx.http.server.active.ws.connections").gauge();
    await().atMost(5, TimeUnit.SECONDS).until(() -> open.value() == 1);
    assertEquals(1, count("vertx.http.server.requests", "method", "GET", "route", "/ws", "code", "101"));
    ws.close().await();
    await().atMost(5, TimeUnit.SECONDS).until(() -> open.value() == 0);
    await().atMost(5, TimeUnit.SECONDS).until(() -> count("vertx.http.server.bytes.read") > 0);
  }
}
